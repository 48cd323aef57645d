import { ADMISSIONS_TOPIC, EVENT_TYPES } from '@dangvien/contracts';
import type { CandidateAdmittedV1 } from '@dangvien/contracts';
import { isRefusal } from '@dangvien/domain';
import { EventRejected } from '@dangvien/kafka';
import type { ConsumerDefinition } from '@dangvien/kafka';
import type { WriteSide } from '../commands/write-side';
import { serviceActor } from '../commands/write-side';
import { decideRecognition } from '../domain/lifecycle';
import { isCounted } from '../domain/member';
import type { MemberFile } from '../domain/member';
import { decideAdmission, decideProbationFailed } from '../domain/registration';
import { decideReadmission } from '../domain/returns';

export const ADMISSIONS_CONSUMER = 'members.admissions';

const RECRUITMENT = serviceActor('recruitment');

/** A refusal of the rules means the event can never be applied: it is dead-lettered with the rule. */
async function applying<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isRefusal(error)) throw new EventRejected(`${error.code}: ${error.message}`);
    throw error;
  }
}

/** The same admission delivered again (a replay, a redelivery after a crash): nothing to do. */
function alreadyAdmitted(file: MemberFile, event: CandidateAdmittedV1): boolean {
  return file.statusHistory.some(
    (e) =>
      e.status === 'PROBATIONARY' &&
      e.from === event.decisionDate &&
      e.decision?.number === event.decisionNumber,
  );
}

/**
 * The admission handover from recruitment (dangvien.recruitment.admissions.v1, sensitive): an
 * admitted candidate becomes a PROBATIONARY member with the id recruitment chose; a former member
 * admitted again is a readmission; a recognised probation makes them OFFICIAL from the date it
 * ended; a failed one removes them from the list. Each handler is idempotent in its own write (the
 * file's state says whether the event was applied), and a refusal of the rules dead-letters the
 * event with the rule that refused it.
 */
export function admissionsConsumer(side: WriteSide, name = ADMISSIONS_CONSUMER): ConsumerDefinition {
  return {
    name,
    topics: [ADMISSIONS_TOPIC],
    handlers: {
      [EVENT_TYPES.CandidateAdmitted]: (event) =>
        applying(() =>
          side.command(async (context) => {
            const data = event.data;
            const existing = await side.repository.load(data.memberId);
            if (!existing) {
              await side.store(null, decideAdmission(data, context.today), RECRUITMENT, context);
              return;
            }
            if (alreadyAdmitted(existing, data)) return;
            const decided = decideReadmission(existing, {
              organisationId: data.organisationId,
              effectiveDate: data.decisionDate,
              decisionNumber: data.decisionNumber,
              ceremonyDate: data.ceremonyDate,
              today: context.today,
            });
            await side.store(existing, decided, RECRUITMENT, context);
          }),
        ),
      [EVENT_TYPES.ProbationRecognised]: (event) =>
        applying(() =>
          side.command(async (context) => {
            const data = event.data;
            const file = await side.file(data.memberId);
            if (file.admission.officialDate === data.officialDate && file.status !== 'PROBATIONARY') return;
            const decided = decideRecognition(file, {
              decision: { number: data.decisionNumber, date: data.decisionDate, issuedBy: null },
              officialDate: data.officialDate,
              today: context.today > data.decisionDate ? context.today : data.decisionDate,
            });
            await side.store(file, decided, RECRUITMENT, context);
          }),
        ),
      [EVENT_TYPES.ProbationFailed]: (event) =>
        applying(() =>
          side.command(async (context) => {
            const data = event.data;
            const file = await side.file(data.memberId);
            const failed = file.statusHistory.some(
              (e) =>
                e.status === 'REMOVED' &&
                e.from === data.effectiveDate &&
                e.decision?.number === data.decisionNumber,
            );
            if (failed && !isCounted(file.status)) return;
            const decided = decideProbationFailed(file, {
              effectiveDate: data.effectiveDate,
              decisionNumber: data.decisionNumber,
              reason: data.reason,
              today: context.today,
            });
            await side.store(file, decided, RECRUITMENT, context);
          }),
        ),
    },
  };
}
