import { Schema } from 'mongoose';
import type { Connection, Model, mongo } from 'mongoose';
import type { BatchedReads } from '@dangvien/db';
import { isDuplicateKey } from '@dangvien/db';
import type { Logger } from '@dangvien/logger';
import type { Component } from '@dangvien/runtime';
import type { MemberFile, MemberStatus, Profile } from '../domain/member';
import type { MemberDocument } from './member-document';
import { toMemberFile } from './member-fields';

/**
 * The name index: per member, what a search by name filters, judges and pages by, and nothing else
 * (about 1.2 KB as FerretDB stores it, against a file's 6 KB). A common name matches thousands of
 * files ("nguyen thi" 8,160 at 100,000), and reading them, even a page's worth in sort-key order,
 * is reading their documents: on the local FerretDB each file is a detoasted PostgreSQL row. Its
 * shape is the search projection of a member's document, so one judgement serves both.
 *
 * Each entry is written after its file by the same code (member-repository.ts), replacing only an
 * older version's; an entry a stopped write left behind is rewritten from the file when its change
 * comes through the files' log (files-consumer.ts). A search checks its page against the files,
 * unless it asks only for what the entries hold (member-queries.ts, THIN_MEMBER_FIELDS).
 */
export interface NameEntry {
  _id: string;
  version: number;
  /** What the entry holds (NAME_ENTRY_SHAPE): an entry of an older shape is read from its file. */
  shape: number;
  nameKeys: string[];
  sortKey: string;
  decisionDate: string;
  status: MemberStatus;
  organisationId: string;
  rosterKeys: string[];
  file: Pick<MemberFile, 'status' | 'organisationId' | 'temporaryStays'> & {
    profile: Pick<Profile, 'fullName' | 'otherNames' | 'sex' | 'dateOfBirth' | 'partyCardNumber'>;
  };
}

/**
 * The shape entries are written in: 1, the names and what a search judges by; 2, with what a list
 * of search results shows of each member too (card, date of birth, status, organisation). Never
 * anything sensitive (`@sensitive` in the SDL): the entries are read without the scope it needs.
 */
export const NAME_ENTRY_SHAPE = 2;

const nameEntrySchema = new Schema<NameEntry>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    shape: { type: Number, required: true },
    nameKeys: { type: [String], default: [] },
    sortKey: { type: String, required: true },
    decisionDate: { type: String, required: true },
    status: { type: String, required: true },
    organisationId: { type: String, required: true },
    rosterKeys: { type: [String], default: [] },
    file: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'member_names', versionKey: false, minimize: false, autoIndex: false, strict: 'throw' },
);
// A search's page in name order: on MongoDB an index range from the page's first key on.
nameEntrySchema.index({ nameKeys: 1, sortKey: 1 });
// Within a subtree: on FerretDB's PostgreSQL the two indexes are combined.
nameEntrySchema.index({ rosterKeys: 1 });

/**
 * A common name matches thousands of entries, and on the local FerretDB PostgreSQL reads every one
 * to sort them (8,160 for "nguyen thi" at 100,000: 21 ms before FerretDB's share). So the sort keys
 * are cut into five groups by their first character, their lead (the given name's first letter,
 * coded), each key is also stored with its entry's group (`nguyen thi|0`), and a page is read a
 * group at a time, in sort-key order: one equality each. The groups: every lead up to "A" (An, Anh:
 * a name's most common first letter, and the punctuation and digits before it), then each group
 * twice the letters of the one before, the last taking the rest. The first group holds a page of
 * most common keys; a rare key costs at most five small queries. Two other ways measured worse: a
 * `$in` of every lead of a group (`nguyen thi|A`, …) has PostgreSQL check each row against every
 * value (36 µs a row against 2.5), and a B-tree on the sort key is walked from its start to a key
 * such as "yen", which sits at its end (196 ms).
 */
const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
export const LEAD_GROUPS: readonly (readonly string[])[] = (() => {
  const groups: string[][] = [PRINTABLE.slice(0, PRINTABLE.indexOf('A') + 1)];
  for (let at = groups[0]!.length, size = 2; at < PRINTABLE.length; at += size, size *= 2) {
    groups.push(PRINTABLE.slice(at, at + size));
  }
  const last = groups.findIndex((group) => group.includes('P'));
  return [...groups.slice(0, last), groups.slice(last).flat()];
})();
/** The group of leads a sort key (or the last one of a page) falls in (sort keys are printable ASCII). */
export const leadGroupOf = (sortKey: string) =>
  Math.max(
    0,
    LEAD_GROUPS.findIndex((group) => group.includes(sortKey.charAt(0))),
  );
/** A name key with a group of leads: of an entry's sort key, or a group's index. */
export const groupKey = (key: string, group: string | number) =>
  `${key}|${typeof group === 'number' ? group : leadGroupOf(group)}`;

type Derived = Pick<
  MemberDocument,
  'nameKeys' | 'sortKey' | 'decisionDate' | 'status' | 'organisationId' | 'rosterKeys'
>;

export function nameEntry(file: MemberFile, derived: Derived): NameEntry {
  const { fullName, otherNames, sex, dateOfBirth, partyCardNumber } = file.profile;
  return {
    _id: file.id,
    version: file.version,
    shape: NAME_ENTRY_SHAPE,
    nameKeys: [...derived.nameKeys, ...derived.nameKeys.map((key) => groupKey(key, derived.sortKey))],
    sortKey: derived.sortKey,
    decisionDate: derived.decisionDate,
    status: derived.status,
    organisationId: derived.organisationId,
    rosterKeys: derived.rosterKeys,
    file: {
      status: file.status,
      organisationId: file.organisationId,
      profile: { fullName, otherNames, sex, dateOfBirth, partyCardNumber },
      temporaryStays: file.temporaryStays,
    },
  };
}

export function createNameIndex(connection: Connection, reads: () => BatchedReads) {
  const model =
    (connection.models.MemberName as Model<NameEntry> | undefined) ??
    connection.model<NameEntry>('MemberName', nameEntrySchema);
  const collection = model.collection as unknown as mongo.Collection<NameEntry>;

  async function ignoringNewer(write: Promise<unknown>): Promise<void> {
    try {
      await write;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // a newer entry is there already
    }
  }

  return {
    collection,

    /** Entries of new files (a registration, an import). */
    added: (entries: readonly NameEntry[]) =>
      entries.length === 0
        ? Promise.resolve()
        : ignoringNewer(collection.insertMany([...entries], { ordered: false })),

    /**
     * Entries of files changed from `previous` (their version before), each replacing that version's
     * entry only: a missing one is left to the files' log (catchUp()).
     */
    changed: (entries: readonly { entry: NameEntry; previous: number }[]) =>
      entries.length === 0
        ? Promise.resolve()
        : ignoringNewer(
            collection.bulkWrite(
              entries.map(({ entry, previous }) => ({
                replaceOne: { filter: { _id: entry._id, version: previous }, replacement: entry },
              })),
              { ordered: false },
            ),
          ),

    /**
     * Brings the entries of these files up to them, given the entries' versions (versions()): the
     * missing ones inserted at once, those behind (or of an older shape) rewritten unless a newer
     * one is there meanwhile.
     * Returns how many it wrote.
     */
    async catchUp(docs: readonly MemberDocument[], versions: ReadonlyMap<string, number>): Promise<number> {
      const entries = docs
        .filter((doc) => (versions.get(doc._id) ?? -1) < doc.version)
        .map((doc) => nameEntry(toMemberFile(doc), doc));
      const missing = entries.filter((entry) => !versions.has(entry._id));
      if (missing.length > 0) await ignoringNewer(collection.insertMany(missing, { ordered: false }));
      for (const entry of entries.filter((e) => versions.has(e._id))) {
        // Up to the file's version: an entry of an older shape can be of the file's version already.
        await ignoringNewer(
          collection.replaceOne({ _id: entry._id, version: { $lte: entry.version } }, entry, {
            upsert: true,
          }),
        );
      }
      return entries.length;
    },

    /**
     * The entries' versions, by member id (one batched read); an entry of an older shape as -1, so
     * that it is rewritten as any entry behind its file is.
     */
    async versions(ids: readonly string[]): Promise<Map<string, number>> {
      const docs = await reads().byIds<{ _id: string; version: number; shape?: number } & mongo.Document>(
        collection as unknown as mongo.Collection,
        [...new Set(ids)],
        { projection: { _id: 1, version: 1, shape: 1 } },
      );
      return new Map(docs.map((doc) => [doc._id, doc.shape === NAME_ENTRY_SHAPE ? doc.version : -1]));
    },
  };
}

export type NameIndex = ReturnType<typeof createNameIndex>;

/**
 * Fills the name index from the files in the background once the service starts (a database from
 * before the index: until then a search finds only the files written since); stopping waits for
 * the reply in hand and leaves the rest to the next start.
 */
export function nameIndexFill(
  fill: (stopped: () => boolean) => Promise<number | null>,
  logger: Logger,
): Component {
  let stopped = false;
  let running: Promise<void> | null = null;
  return {
    async start() {
      stopped = false;
      running = fill(() => stopped)
        .then((filled) => {
          if (filled !== null) logger.info({ filled }, 'name index filled from the member files');
        })
        .catch((error: unknown) =>
          logger.warn(
            { err: error instanceof Error ? error.message : String(error) },
            'filling the name index failed; tried again at the next start',
          ),
        );
    },
    async stop() {
      stopped = true;
      await running;
    },
  };
}
