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
import { createNameIndex, NAME_ENTRY_SHAPE, nameEntry } from './name-index';

const WITHOUT_OUTBOX = { outbox: 0 } as const;
const FILL_BATCH = 500;

/**
 * Member files: every write is one single-document operation carrying its events in the document's
 * outbox (the runtime's outbox writer), guarded by the version it read, so state and events are
 * stored together or not at all and a concurrent change is refused, never overwritten. The name
 * index's entry of a file (name-index.ts) is written after it.
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
  const names = createNameIndex(connection, deps.reads);

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
    if (!isDuplicateKey(error)) throw error;
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
    names,

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

    /**
     * Of the members these changes are of, those with a file here: one batched read of the name
     * index, and of the files only for members without an entry. An entry older than a change (a
     * write that stopped between its file and its entry) is rewritten from the file.
     */
    async existing(changes: readonly { memberId: string; version: number }[]): Promise<Set<string>> {
      const ids = [...new Set(changes.map((c) => c.memberId))];
      const versions = await names.versions(ids);
      const missing = ids.filter((id) => !versions.has(id));
      const files = await deps
        .reads()
        .byIds<{ _id: string } & mongo.Document>(collection, missing, { projection: { _id: 1 } });
      const behind = [
        ...new Set([
          ...files.map((doc) => doc._id),
          ...changes.filter((c) => (versions.get(c.memberId) ?? Infinity) < c.version).map((c) => c.memberId),
        ]),
      ];
      if (behind.length > 0) {
        const stale = await deps
          .reads()
          .byIds<MemberDocument & mongo.Document>(collection, behind, { projection: WITHOUT_OUTBOX });
        await names.catchUp(stale, versions);
      }
      return new Set([...versions.keys(), ...files.map((doc) => doc._id)]);
    },

    /**
     * Fills the name index from the files, once per database and shape of entry (files written
     * before the index existed, or entries written before NAME_ENTRY_SHAPE): every file's entry
     * that is missing, behind or of an older shape, a reply of 500 files at a time, then a mark
     * that it is done. Stopped midway, it starts over next time; what is there is kept.
     */
    async fillNames(stopped: () => boolean): Promise<number | null> {
      const marks = connection.collection<{ _id: string; at: Date; shape?: number }>('member_names_filled');
      if ((await marks.findOne({ _id: 'filled' }))?.shape === NAME_ENTRY_SHAPE) return null;
      let filled = 0;
      let batch: MemberDocument[] = [];
      const flush = async () => {
        filled += await names.catchUp(batch, await names.versions(batch.map((doc) => doc._id)));
        batch = [];
      };
      for await (const doc of collection.find({}, { projection: WITHOUT_OUTBOX, batchSize: FILL_BATCH })) {
        if (stopped()) return null;
        batch.push(doc as unknown as MemberDocument);
        if (batch.length === FILL_BATCH) await flush();
      }
      await flush();
      await marks.updateOne(
        { _id: 'filled' },
        { $set: { at: new Date(), shape: NAME_ENTRY_SHAPE } },
        { upsert: true },
      );
      return filled;
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
      const written = document(file, today, now, now);
      if (expectedVersion === null) {
        try {
          await deps.outbox.insert(collection, written, events);
        } catch (error) {
          refuseDuplicate(error, file);
        }
        await names.added([nameEntry(file, written)]);
        return;
      }
      const { createdAt: _createdAt, _id, ...fields } = written;
      let updated: boolean;
      try {
        updated = await deps.outbox.update(
          collection,
          { _id, version: expectedVersion },
          { $set: fields },
          events,
        );
      } catch (error) {
        refuseDuplicate(error, file);
      }
      if (!updated) {
        throw new Refusal(
          RULES.conflict,
          `The file of member ${file.id} was changed meanwhile; reload and try again`,
          null,
        );
      }
      await names.changed([{ entry: nameEntry(file, written), previous: expectedVersion }]);
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
      const documents = changes.map((change) => document(change.file, today, now, now));
      const result = await deps.outbox.insertMany(
        collection,
        changes.map((change, i) => ({ document: documents[i]!, events: change.events })),
      );
      const refused = new Set(result.duplicates);
      await names.added(
        changes.flatMap((change, i) => (refused.has(i) ? [] : [nameEntry(change.file, documents[i]!)])),
      );
      return result;
    },

    /** Recomputes the derived fields (ancestors, roster keys) of files after the tree changed; no event. */
    async rederive(files: readonly MemberFile[], today: CalendarDate, now: Date): Promise<number> {
      if (files.length === 0) return 0;
      // The tree may still lack a unit higher up (its event on another partition, not yet here).
      await deps.noteUnknown(files.flatMap(unitsOf), today);
      const derived = files.map((file) => derivedFields(file, deps.tree, today));
      const result = await collection.bulkWrite(
        files.map((file, i) => ({
          updateOne: {
            filter: { _id: file.id, version: file.version } as never,
            update: { $set: { ...derived[i]!, updatedAt: now } },
          },
        })),
        { ordered: false },
      );
      await names.changed(
        files.map((file, i) => ({ entry: nameEntry(file, derived[i]!), previous: file.version })),
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
