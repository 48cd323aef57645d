export * from './client';
export * from './producer';
export * from './outbox';
export * from './consumer';
export { backoffDelay, sleep, errorMessage } from './retry';
export type { BackoffOptions } from './retry';
export { createMutex } from './mutex';
export type { Mutex } from './mutex';
