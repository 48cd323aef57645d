import type { mongo } from 'mongoose';
import { insertNew } from '@dangvien/db';
import type { CalendarDate } from '@dangvien/domain';
import type { Cause } from '../projection/event-facts';

/** A fact of a year recorded after that year ended, and the organisations it counts in. */
export interface LateFact extends Cause {
  year: number;
  organisationIds: string[];
}

interface LateFactDocument {
  _id: string;
  version: number;
  year: number;
  type: string;
  subject: string;
  organisationIds: string[];
  effectiveDate: CalendarDate;
  recordedAt: string;
  recordedOn: CalendarDate;
}

/** Whether a fact holding from `effectiveDate` was recorded after its year ended. */
export function isLate(cause: Cause): boolean {
  return cause.recordedOn.slice(0, 4) > cause.effectiveDate.slice(0, 4);
}

/**
 * The late facts of the projection, by event id, so an event applied again adds nothing; and read per year with one indexed equality. Rankings are computed on read, so a
 * late fact is already in the next read; this is what says which facts changed it, and when they came.
 */
export function createLateFacts(collection: mongo.Collection) {
  return {
    async record(facts: readonly LateFact[]): Promise<void> {
      // Inserts only: one event id always carries the same fields, so a fact that is there already
      // (the event applied again) is left as it is. On FerretDB an insert does not wait for the
      // write gate an upsert takes, and an import of thousands of historic members is all late facts.
      await insertNew(
        collection,
        facts.map((fact) => ({
          _id: fact.eventId,
          version: 1,
          year: fact.year,
          type: fact.type,
          subject: fact.subject,
          organisationIds: fact.organisationIds,
          effectiveDate: fact.effectiveDate,
          recordedAt: fact.recordedAt,
          recordedOn: fact.recordedOn,
        })),
      );
    },
    async ofYear(year: number): Promise<LateFact[]> {
      const docs = (await collection.find({ year } as never).toArray()) as unknown as LateFactDocument[];
      return docs.map((doc) => ({
        eventId: doc._id,
        type: doc.type as LateFact['type'],
        subject: doc.subject,
        year: doc.year,
        organisationIds: doc.organisationIds,
        effectiveDate: doc.effectiveDate,
        recordedAt: doc.recordedAt,
        recordedOn: doc.recordedOn,
      }));
    },
  };
}

export type LateFacts = ReturnType<typeof createLateFacts>;
