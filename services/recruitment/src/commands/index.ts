import { createCandidateCommands } from './candidates';
import { createClassCommands } from './classes';
import { createPlanCommands } from './plans';
import type { Reads } from '../reads';
import { createWriteSide } from './write-side';
import type { CommandDeps } from './write-side';

/** Every command of the service, over one write side (mutex, stamp, rules, calendar). */
export function createCommands(deps: CommandDeps, reads: Reads) {
  const side = createWriteSide(deps);
  return {
    candidates: createCandidateCommands(side),
    plans: createPlanCommands(side, reads),
    classes: createClassCommands(side),
  };
}

export type Commands = ReturnType<typeof createCommands>;
