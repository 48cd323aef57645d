import { Refusal } from '@dangvien/domain';
import type { EventEnvelope } from '@dangvien/contracts';
import { isDuplicateKey } from '@dangvien/db';
import type { BatchedReads } from '@dangvien/db';
import type { OutboxWriter } from '@dangvien/kafka';
import type { mongo } from 'mongoose';

import type { OrganisationRecord } from '../domain/history';
import type { LocalityRecord } from '../domain/locality';
import type {
  ReorganisationProblem,
  ReorganisationRequest,
  ReorganisationStatus,
} from '../domain/reorganisation';
import { RULES } from '../domain/rules';
import type { LocalityDocument, Models, OrganisationDocument, ReorganisationDocument } from './organisation';

export interface Write<R> {
  record: R;
  expectedVersion: number | null;
  events: EventEnvelope[];
}

export function toOrganisationRecord(doc: OrganisationDocument): OrganisationRecord {
  return {
    id: doc._id,
    code: doc.code,
    versions: doc.versions,
    predecessorIds: doc.predecessorIds ?? [],
    successorIds: doc.successorIds ?? [],
    version: doc.version,
  };
}

export function toLocalityRecord(doc: LocalityDocument): LocalityRecord {
  return {
    id: doc._id,
    code: doc.code,
    versions: doc.versions,
    heads: doc.heads ?? [],
    version: doc.version,
  };
}

const WITHOUT_OUTBOX = { outbox: 0 } as const;

/** A recorded reorganisation, as commands and resolvers use it. */
export interface StoredReorganisation {
  id: string;
  kind: 'MERGE' | 'SPLIT';
  status: ReorganisationStatus;
  request: ReorganisationRequest;
  steps: number;
  problem: ReorganisationProblem | null;
  abandonReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  appliedAt: Date | null;
}

function toStoredReorganisation(doc: ReorganisationDocument): StoredReorganisation {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}

/**
 * Data access. Every write is one single-document operation carrying its events in the document's
 * outbox (through the runtime's outbox writer): state and events are stored together or not at all,
 * on MongoDB and FerretDB alike.
 */
export function createRepository(models: Models, deps: { outbox: OutboxWriter; reads: () => BatchedReads }) {
  async function writeOne(
    collection: mongo.Collection,
    fields: Record<string, unknown>,
    write: Write<{ id: string; code: string; version: number }>,
    now: Date,
    label: string,
  ): Promise<void> {
    const { record, expectedVersion, events } = write;
    if (expectedVersion === null) {
      try {
        await deps.outbox.insert(
          collection,
          {
            _id: record.id,
            code: record.code,
            ...fields,
            version: record.version,
            createdAt: now,
            updatedAt: now,
          },
          events,
        );
      } catch (error) {
        if (isDuplicateKey(error)) {
          throw new Refusal(RULES.codeTaken, `Code ${record.code} is already used by another ${label}`, [
            'code',
          ]);
        }
        throw error;
      }
      return;
    }
    const written = await deps.outbox.update(
      collection,
      { _id: record.id, version: expectedVersion } as never,
      { $set: { ...fields, version: record.version, updatedAt: now } },
      events,
    );
    if (!written) {
      throw new Refusal(
        RULES.conflict,
        `${label} ${record.code} was changed by someone else meanwhile; reload and try again`,
        null,
      );
    }
  }

  const organisations = models.organisations.collection as unknown as mongo.Collection;
  const localities = models.localities.collection as unknown as mongo.Collection;

  return {
    collections: [organisations, localities],
    organisationCollection: organisations,
    localityCollection: localities,

    async loadAll(): Promise<{ organisations: OrganisationRecord[]; localities: LocalityRecord[] }> {
      const [organisations, localities] = await Promise.all([
        // Large batches: the whole tree in a few round trips rather than one per 101 documents.
        models.organisations.find({}, WITHOUT_OUTBOX).batchSize(10_000).lean<OrganisationDocument[]>(),
        models.localities.find({}, WITHOUT_OUTBOX).batchSize(10_000).lean<LocalityDocument[]>(),
      ]);
      return {
        organisations: organisations.map(toOrganisationRecord),
        localities: localities.map(toLocalityRecord),
      };
    },

    /** A batch of refreshed ids: one batched read per collection. */
    async loadByIds(
      ids: readonly string[],
    ): Promise<{ organisations: OrganisationRecord[]; localities: LocalityRecord[] }> {
      if (ids.length === 0) return { organisations: [], localities: [] };
      const reads = deps.reads();
      const [found, foundLocalities] = await Promise.all([
        reads.byIds<OrganisationDocument & { _id: string }>(organisations, ids, {
          projection: WITHOUT_OUTBOX,
        }),
        reads.byIds<LocalityDocument & { _id: string }>(localities, ids, { projection: WITHOUT_OUTBOX }),
      ]);
      return {
        organisations: found.map(toOrganisationRecord),
        localities: foundLocalities.map(toLocalityRecord),
      };
    },

    async writeOrganisation(write: Write<OrganisationRecord>, now: Date): Promise<void> {
      const { record } = write;
      await writeOne(
        models.organisations.collection,
        {
          versions: record.versions,
          predecessorIds: record.predecessorIds,
          successorIds: record.successorIds,
        },
        write,
        now,
        'organisation',
      );
    },

    async writeLocality(write: Write<LocalityRecord>, now: Date): Promise<void> {
      await writeOne(
        models.localities.collection,
        { versions: write.record.versions, heads: write.record.heads },
        write,
        now,
        'locality',
      );
    },

    async recordReorganisation(
      reorganisation: { id: string; request: ReorganisationRequest; steps: number },
      now: Date,
    ): Promise<void> {
      await models.reorganisations.collection.insertOne({
        _id: reorganisation.id,
        kind: reorganisation.request.kind,
        status: 'PENDING',
        request: JSON.parse(JSON.stringify(reorganisation.request)),
        steps: reorganisation.steps,
        problem: null,
        abandonReason: null,
        createdAt: now,
        updatedAt: now,
        appliedAt: null,
      } as never);
    },

    async finishReorganisation(
      id: string,
      status: 'APPLIED' | 'CONFLICT',
      problem: ReorganisationProblem | null,
      now: Date,
    ) {
      await models.reorganisations.collection.updateOne({ _id: id } as never, {
        $set: { status, problem, updatedAt: now, appliedAt: status === 'APPLIED' ? now : null },
      });
    },

    async abandonReorganisation(id: string, reason: string, now: Date) {
      await models.reorganisations.collection.updateOne({ _id: id } as never, {
        $set: { status: 'ABANDONED', abandonReason: reason, updatedAt: now },
      });
    },

    async reorganisation(id: string): Promise<StoredReorganisation | null> {
      const doc = await models.reorganisations.findById(id).lean<ReorganisationDocument>();
      return doc ? toStoredReorganisation(doc) : null;
    },

    /** One equality query per status (index-served on both engines). */
    async reorganisationsIn(statuses: readonly ReorganisationStatus[]): Promise<StoredReorganisation[]> {
      const found = await Promise.all(
        statuses.map((status) => models.reorganisations.find({ status }).lean<ReorganisationDocument[]>()),
      );
      return found
        .flat()
        .map(toStoredReorganisation)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    },

    /**
     * A page of the reorganisations in `statuses`, oldest first (created, then id): per status one
     * equality with the keyset after the cursor's position (index status, createdAt, _id), `limit + 1`
     * rows each, merged; the count per status.
     */
    async reorganisationsPage(
      statuses: readonly ReorganisationStatus[],
      limit: number,
      after: { createdAt: Date; id: string } | null,
    ): Promise<{ rows: StoredReorganisation[]; totalCount: number }> {
      const unique = [...new Set(statuses)];
      const keyset = after
        ? {
            $or: [
              { createdAt: { $gt: after.createdAt } },
              { createdAt: after.createdAt, _id: { $gt: after.id } },
            ],
          }
        : {};
      const [pages, counts] = await Promise.all([
        Promise.all(
          unique.map((status) =>
            models.reorganisations
              .find({ status, ...keyset })
              .sort({ createdAt: 1, _id: 1 })
              .limit(limit + 1)
              .lean<ReorganisationDocument[]>(),
          ),
        ),
        Promise.all(unique.map((status) => models.reorganisations.countDocuments({ status }))),
      ]);
      const rows = pages
        .flat()
        .map(toStoredReorganisation)
        .sort(
          (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
        );
      return { rows: rows.slice(0, limit + 1), totalCount: counts.reduce((sum, n) => sum + n, 0) };
    },

    async isEmpty(): Promise<boolean> {
      return (await models.organisations.findOne({}, { _id: 1 }).lean()) === null;
    },
  };
}

export type Repository = ReturnType<typeof createRepository>;
