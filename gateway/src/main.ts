import { runMain } from '@dangvien/runtime';
import { readEnvironment } from './environment';
import { createGateway } from './gateway';

runMain('gateway', () => createGateway(readEnvironment()));
