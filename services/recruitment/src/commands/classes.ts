import { isCalendarDate, Refusal } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import { decideCertificate } from '../domain/procedure';
import { RULES } from '../domain/rules';
import type { AwarenessClassDocument } from '../model/schemas';
import type { WriteSide } from './write-side';

export interface NewClassInput {
  name: string;
  organiserId: string;
  organiser: string;
  startsOn: CalendarDate;
  endsOn: CalendarDate;
}

/**
 * Party awareness classes (lớp bồi dưỡng nhận thức về Đảng): held by an organisation, with candidates
 * enrolled by their cell, their school or their Youth Union base; a passed result issues the
 * certificate, recorded on the candidate as the step it is.
 */
export function createClassCommands(side: WriteSide) {
  const { repository } = side;

  async function load(id: string): Promise<AwarenessClassDocument> {
    const found = await repository.awarenessClass(id);
    if (!found) throw new Refusal(RULES.classNotFound, `No awareness class has the id ${id}`, ['classId']);
    return found;
  }

  return {
    createClass(input: NewClassInput) {
      return side.command(async (ctx) => {
        await side.organisation(input.organiserId, ['organiserId']);
        if (!input.name.trim() || !input.organiser.trim()) {
          throw new Refusal(RULES.referenceRequired, 'The class name and organiser are required', ['name']);
        }
        if (
          !isCalendarDate(input.startsOn) ||
          !isCalendarDate(input.endsOn) ||
          input.endsOn < input.startsOn
        ) {
          throw new Refusal(RULES.classDatesInvalid, 'A class ends on or after the day it starts', [
            'endsOn',
          ]);
        }
        const doc: AwarenessClassDocument = {
          _id: ctx.stamp.newId(),
          name: input.name.trim(),
          organiserId: input.organiserId,
          organiser: input.organiser.trim(),
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          enrolments: [],
          candidateIds: [],
          version: 1,
          createdAt: ctx.stamp.time,
          updatedAt: ctx.stamp.time,
        };
        await repository.insertClass(doc);
        return doc;
      });
    },

    enrol(classId: string, enrolments: { candidateId: string; sentBy: 'CELL' | 'SCHOOL' | 'YOUTH_UNION' }[]) {
      return side.command(async (ctx) => {
        const found = await load(classId);
        const known = new Set(
          (await repository.candidatesByIds(enrolments.map((e) => e.candidateId))).map((c) => c.id),
        );
        enrolments.forEach((e, i) => {
          if (!known.has(e.candidateId)) {
            throw new Refusal(RULES.candidateNotFound, `No candidate has the id ${e.candidateId}`, [
              'enrolments',
              String(i),
              'candidateId',
            ]);
          }
        });
        const added = enrolments.filter((e) => !found.candidateIds.includes(e.candidateId));
        const next: AwarenessClassDocument = {
          ...found,
          enrolments: [
            ...found.enrolments,
            ...added.map((e) => ({ ...e, result: null, certificateNumber: null })),
          ],
          candidateIds: [...found.candidateIds, ...added.map((e) => e.candidateId)],
          version: found.version + 1,
          updatedAt: ctx.stamp.time,
        };
        await repository.updateClass(next, found.version);
        return next;
      });
    },

    /**
     * Results, once the class is over: each passed candidate still on the list without a certificate
     * gets it, dated the last day of the class, as their CLASS_CERTIFIED step.
     */
    recordResults(
      classId: string,
      results: { candidateId: string; passed: boolean; certificateNumber: string | null }[],
      actor: string,
    ) {
      return side.command(async (ctx) => {
        const found = await load(classId);
        if (found.endsOn > ctx.today) {
          throw new Refusal(RULES.classNotFinished, `The class ends on ${found.endsOn}`, ['classId']);
        }
        results.forEach((r, i) => {
          if (!found.candidateIds.includes(r.candidateId)) {
            throw new Refusal(RULES.notEnrolled, `${r.candidateId} is not enrolled in the class`, [
              'results',
              String(i),
              'candidateId',
            ]);
          }
        });
        const candidates = new Map(
          (await repository.candidatesByIds(results.map((r) => r.candidateId))).map((c) => [c.id, c]),
        );
        // Decide every certificate first: one refused changes nothing at all.
        const changes = results
          .filter((r) => r.passed && candidates.get(r.candidateId)?.stage === 'LISTED')
          .map((r) =>
            decideCertificate(
              candidates.get(r.candidateId)!,
              { date: found.endsOn, actor, number: r.certificateNumber ?? '', classId },
              ctx,
            ),
          );
        const byId = new Map(results.map((r) => [r.candidateId, r]));
        const next: AwarenessClassDocument = {
          ...found,
          enrolments: found.enrolments.map((e) => {
            const r = byId.get(e.candidateId);
            return r
              ? { ...e, result: r.passed ? 'PASSED' : 'FAILED', certificateNumber: r.certificateNumber }
              : e;
          }),
          version: found.version + 1,
          updatedAt: ctx.stamp.time,
        };
        await repository.updateClass(next, found.version);
        for (const change of changes) await repository.updateCandidate(change, ctx.stamp.time);
        return next;
      });
    },
  };
}

export type ClassCommands = ReturnType<typeof createClassCommands>;
