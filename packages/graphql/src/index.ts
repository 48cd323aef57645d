export * from './ids';
export * from './connections';
export * from './errors';
export * from './scalars';
export * from './http';
export * from './selection';
