import { runMain } from '@dangvien/runtime';
import { readEnvironment } from './environment';
import { createOrganisationsService } from './service';

runMain('organisations', () => createOrganisationsService(readEnvironment()));
