import { randomUUID } from 'node:crypto';

/**
 * The command's clock and id source, decided once by the caller and handed to domain code: a
 * decision never reads the time or makes a random id itself, so the same inputs decide the same
 * events (and tests pin both).
 */
export interface Stamp {
  /** When the command runs: every event it produces carries this time. */
  readonly time: Date;
  /** A new unique id (a UUID) for an event or a new aggregate. */
  newId(): string;
}

/** A stamp for a command starting now, with random UUIDs. */
export function stampNow(clock: () => Date = () => new Date(), ids: () => string = randomUUID): Stamp {
  return { time: clock(), newId: ids };
}

/** The `createEvent` options for one event of a command: its own id, the command's time. */
export function eventIdentity(stamp: Stamp): { id: string; time: Date } {
  return { id: stamp.newId(), time: stamp.time };
}
