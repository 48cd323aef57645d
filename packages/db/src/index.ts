export { detectEngine, detectServer } from './engine';
export type { Engine, ServerInfo, Storage } from './engine';
export { DUPLICATE_KEY, insertNew, isDuplicateKey } from './errors';
export { createBatchedReads } from './batched';
export type { BatchedReads, BatchedReadsConfig, BatchedReadOptions, BatchedReadStrategy } from './batched';
export { createDatabase } from './connection';
export type { Database, DatabaseConfig } from './connection';
