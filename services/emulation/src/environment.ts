import { readServiceEnvironment } from '@dangvien/runtime';

/** The only reader of `process.env` in this service: the runtime's base keys, nothing of its own. */
export function readEnvironment(source: Record<string, string | undefined> = process.env) {
  return readServiceEnvironment('emulation', {}, source);
}

export type Environment = ReturnType<typeof readEnvironment>;
