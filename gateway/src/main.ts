import { runMain } from '@dangvien/config';
import { readEnvironment } from './environment';
import { createGateway } from './gateway';

runMain('gateway', () => createGateway(readEnvironment()));
