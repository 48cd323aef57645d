import type { WorkingCalendar } from '@dangvien/calendar-vn';
import { Refusal, todayInVietnam } from '@dangvien/domain';
import type { Stamp } from '@dangvien/domain';
import type { Mutex } from '@dangvien/kafka';
import type { Logger } from '@dangvien/logger';
import type { RuleBook } from '../domain/admission-rules';
import type { Candidate } from '../domain/candidate';
import type { StepContext } from '../domain/procedure';
import { RULES } from '../domain/rules';
import type { OrganisationNodeDocument } from '../model/schemas';
import type { Repository } from '../model/repository';

export interface CommandDeps {
  repository: Repository;
  rules: RuleBook;
  calendar: WorkingCalendar;
  exclusive: Mutex;
  stamp: () => Stamp;
  logger: Logger;
  /** Called after every write: the warning sweep and the plan progress catch up (debounced). */
  changed: () => void;
}

/** What every command shares: the mutex, one stamp, today, the lookups that refuse with a rule. */
export function createWriteSide(deps: CommandDeps) {
  return {
    ...deps,
    command<T>(run: (ctx: StepContext) => Promise<T>): Promise<T> {
      return deps.exclusive(async () => {
        const stamp = deps.stamp();
        const result = await run({
          rules: deps.rules.admission,
          calendar: deps.calendar,
          stamp,
          today: todayInVietnam(stamp.time),
        });
        deps.changed();
        return result;
      });
    },
    async candidate(id: string): Promise<Candidate> {
      const found = await deps.repository.candidate(id);
      if (!found)
        throw new Refusal(RULES.candidateNotFound, `No candidate has the id ${id}`, ['candidateId']);
      return found;
    },
    async organisation(id: string, field: string[]): Promise<OrganisationNodeDocument> {
      const found = await deps.repository.organisation(id);
      if (!found || found.dissolved) {
        throw new Refusal(
          RULES.organisationNotFound,
          `No active organisation has the id given in ${field.join('.')}`,
          field,
        );
      }
      return found;
    },
  };
}

export type WriteSide = ReturnType<typeof createWriteSide>;
