import { readServiceEnvironment, z } from '@dangvien/runtime';

/** What organisations reads beyond the runtime's base keys. */
const own = {
  /** Consumer group of the member-count projection; replicas share it (tests give each service its own). */
  MEMBER_EVENTS_GROUP: z.string().min(1).default('organisations.member-counts'),
};

/** The only reader of `process.env` in this service. */
export function readEnvironment(source: Record<string, string | undefined> = process.env) {
  return readServiceEnvironment('organisations', own, source);
}

export type Environment = ReturnType<typeof readEnvironment>;
