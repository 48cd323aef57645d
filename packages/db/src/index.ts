export { detectEngine } from './engine';
export type { Engine } from './engine';
export { DUPLICATE_KEY, isDuplicateKey } from './errors';
export { createBatchedReads } from './batched';
export type { BatchedReads, BatchedReadsConfig, BatchedReadOptions } from './batched';
export { createDatabase } from './connection';
export type { Database, DatabaseConfig } from './connection';
