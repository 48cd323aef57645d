export * from './client';
export * from './producer';
export * from './outbox';
export * from './consumer';
export { backoffDelay, sleep, errorMessage } from './retry';
export type { BackoffOptions } from './retry';
