import type { mongo } from 'mongoose';
import type { Connection } from 'mongoose';
import { Refusal } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import { isDuplicateKey } from '@dangvien/db';
import type { BatchedReads } from '@dangvien/db';
import type { OutboxWriter } from '@dangvien/kafka';
import type { MemberChange } from '../domain/change';
import type { MemberFile } from '../domain/member';
import { RULES } from '../domain/rules';
import { memberModel } from './member-document';
import type { MemberDocument } from './member-document';
import { derivedFields, fileFields, toMemberFile } from './member-fields';
import type { Lineage } from './member-fields';

const WITHOUT_OUTBOX = { outbox: 0 } as const;

/**
 * Member files: every write is one single-document operation carrying its events in the document's
 * outbox (the runtime's outbox writer), guarded by the version it read, so state and events are
 * stored together or not at all and a concurrent change is refused, never overwritten.
 */
export function createMemberRepository(
  connection: Connection,
  deps: {
    outbox: OutboxWriter;
    reads: () => BatchedReads;
    tree: Lineage;
    /** Notes units a file names, or their ancestors, that the tree does not know yet on `today`. */
    noteUnknown: (units: readonly string[], today: CalendarDate) => Promise<void>;
  },
) {
  const model = memberModel(connection);
  const collection = model.collection as unknown as mongo.Collection;

  function document(
    file: MemberFile,
    today: CalendarDate,
    now: Date,
    createdAt: Date,
  ): Omit<MemberDocument, 'outbox' | 'outboxPending'> {
    return {
      _id: file.id,
      version: file.version,
      file: fileFields(file),
      ...derivedFields(file, deps.tree, today),
      createdAt,
      updatedAt: now,
    };
  }

  const unitsOf = (file: MemberFile) => [
    file.organisationId,
    ...file.temporaryStays.filter((s) => s.endedOn === null).map((s) => s.organisationId),
    ...file.letters.filter((l) => l.status === 'ISSUED').map((l) => l.toOrganisationId),
  ];

  function refuseDuplicate(error: unknown, file: MemberFile): never {
    // FerretDB v1 reports a unique index violated by an update as a PostgreSQL error, not as E11000.
    const violated = /duplicate key value violates unique constraint/.test(String((error as Error)?.message));
    if (!isDuplicateKey(error) && !violated) throw error;
    const message = String((error as { message?: string }).message ?? '');
    if (/cardkey/i.test(message) || !message.includes('_id')) {
      throw new Refusal(
        RULES.partyCardTaken,
        `Party card number ${file.profile.partyCardNumber} is another member's`,
        ['partyCardNumber'],
      );
    }
    throw new Refusal(RULES.memberAlreadyExists, `Member ${file.id} already has a file`, ['id']);
  }

  return {
    model,
    collection,

    async load(id: string): Promise<MemberFile | null> {
      const doc = await model.findById(id, WITHOUT_OUTBOX).lean<MemberDocument>();
      return doc ? toMemberFile(doc) : null;
    },

    async loadMany(ids: readonly string[]): Promise<MemberFile[]> {
      const docs = await deps
        .reads()
        .byIds<MemberDocument & mongo.Document>(collection, ids, { projection: WITHOUT_OUTBOX });
      return docs.map(toMemberFile);
    },

    /** Of `ids`, those with a file here (a batched read of ids only). */
    async existing(ids: readonly string[]): Promise<Set<string>> {
      const docs = await deps
        .reads()
        .byIds<{ _id: string } & mongo.Document>(collection, [...new Set(ids)], { projection: { _id: 1 } });
      return new Set(docs.map((doc) => doc._id));
    },

    /** Files by Party card number (a batched read by the unique key). */
    async byCards(cards: readonly string[]): Promise<MemberFile[]> {
      const docs = await deps.reads().byField<MemberDocument & mongo.Document>(collection, 'cardKey', cards, {
        projection: WITHOUT_OUTBOX,
      });
      return docs.map(toMemberFile);
    },

    async write(change: MemberChange, today: CalendarDate, now: Date): Promise<void> {
      const { file, expectedVersion, events } = change;
      await deps.noteUnknown(unitsOf(file), today);
      if (expectedVersion === null) {
        try {
          await deps.outbox.insert(collection, document(file, today, now, now), events);
        } catch (error) {
          refuseDuplicate(error, file);
        }
        return;
      }
      const { createdAt: _createdAt, _id, ...fields } = document(file, today, now, now);
      let written: boolean;
      try {
        written = await deps.outbox.update(
          collection,
          { _id, version: expectedVersion },
          { $set: fields },
          events,
        );
      } catch (error) {
        refuseDuplicate(error, file);
      }
      if (!written) {
        throw new Refusal(
          RULES.conflict,
          `The file of member ${file.id} was changed meanwhile; reload and try again`,
          null,
        );
      }
    },

    /** New files at once (an import): those whose id or card number is taken are reported, not written. */
    async insertMany(
      changes: readonly MemberChange[],
      today: CalendarDate,
      now: Date,
    ): Promise<{ duplicates: number[] }> {
      await deps.noteUnknown(
        changes.flatMap((change) => unitsOf(change.file)),
        today,
      );
      return deps.outbox.insertMany(
        collection,
        changes.map((change) => ({
          document: document(change.file, today, now, now),
          events: change.events,
        })),
      );
    },

    /** Recomputes the derived fields (ancestors, roster keys) of files after the tree changed; no event. */
    async rederive(files: readonly MemberFile[], today: CalendarDate, now: Date): Promise<number> {
      if (files.length === 0) return 0;
      // The tree may still lack a unit higher up (its event on another partition, not yet here).
      await deps.noteUnknown(files.flatMap(unitsOf), today);
      const result = await collection.bulkWrite(
        files.map((file) => ({
          updateOne: {
            filter: { _id: file.id, version: file.version } as never,
            update: { $set: { ...derivedFields(file, deps.tree, today), updatedAt: now } },
          },
        })),
        { ordered: false },
      );
      return result.matchedCount;
    },

    /** Files whose roster keys hold any of `keys` (subtree membership of every kind). */
    async byRosterKeys(keys: readonly string[]): Promise<MemberFile[]> {
      const docs = await deps
        .reads()
        .byField<MemberDocument & mongo.Document>(collection, 'rosterKeys', keys, {
          projection: WITHOUT_OUTBOX,
        });
      return docs.map(toMemberFile);
    },

    async byOrganisation(organisationId: string): Promise<MemberFile[]> {
      const docs = await model.find({ organisationId }, WITHOUT_OUTBOX).lean<MemberDocument[]>();
      return docs.map(toMemberFile);
    },

    async isEmpty(): Promise<boolean> {
      return (await model.findOne({}, { _id: 1 }).lean()) === null;
    },
  };
}

export type MemberRepository = ReturnType<typeof createMemberRepository>;
