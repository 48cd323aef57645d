import type { EventEnvelope } from '@dangvien/contracts';
import { outboxFields, outboxUpdate } from '@dangvien/kafka';
import { UserInputError } from '@dangvien/graphql';
import type { Collection } from 'mongoose';
import type { OrganisationRecord } from '../domain/history';
import type { LocalityRecord } from '../domain/locality';
import type { ReorganisationPlan } from '../domain/reorganisation';
import { RULES } from '../domain/rules';
import type { LocalityDocument, Models, OrganisationDocument } from './organisation';

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

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number }).code === 11000;
}

const WITHOUT_OUTBOX = { outbox: 0 } as const;

/**
 * Data access. Every write is one single-document operation carrying its events in the document's
 * outbox: state and events are stored together or not at all, on MongoDB and FerretDB alike.
 */
export function createRepository(models: Models) {
  async function writeOne(
    collection: Collection,
    fields: Record<string, unknown>,
    write: Write<{ id: string; code: string; version: number }>,
    now: Date,
    label: string,
  ): Promise<void> {
    const { record, expectedVersion, events } = write;
    if (expectedVersion === null) {
      try {
        await collection.insertOne({
          _id: record.id,
          code: record.code,
          ...fields,
          version: record.version,
          createdAt: now,
          updatedAt: now,
          ...outboxFields(events),
        } as never);
      } catch (error) {
        if (isDuplicateKey(error)) {
          throw new UserInputError(
            RULES.codeTaken,
            `Code ${record.code} is already used by another ${label}`,
            ['code'],
          );
        }
        throw error;
      }
      return;
    }
    const outbox = outboxUpdate(events);
    const result = await collection.updateOne({ _id: record.id, version: expectedVersion } as never, {
      $set: { ...fields, version: record.version, updatedAt: now, ...outbox.$set },
      $inc: outbox.$inc,
    });
    if (result.matchedCount === 0) {
      throw new UserInputError(
        RULES.conflict,
        `${label} ${record.code} was changed by someone else meanwhile; reload and try again`,
        null,
      );
    }
  }

  return {
    collections: [models.organisations.collection, models.localities.collection],
    organisationCollection: models.organisations.collection,
    localityCollection: models.localities.collection,

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

    /** One `$in` read per collection for a batch of refreshed ids. */
    async loadByIds(
      ids: string[],
    ): Promise<{ organisations: OrganisationRecord[]; localities: LocalityRecord[] }> {
      if (ids.length === 0) return { organisations: [], localities: [] };
      const [organisations, localities] = await Promise.all([
        models.organisations.find({ _id: { $in: ids } }, WITHOUT_OUTBOX).lean<OrganisationDocument[]>(),
        models.localities.find({ _id: { $in: ids } }, WITHOUT_OUTBOX).lean<LocalityDocument[]>(),
      ]);
      return {
        organisations: organisations.map(toOrganisationRecord),
        localities: localities.map(toLocalityRecord),
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

    async recordReorganisation(plan: ReorganisationPlan, now: Date): Promise<void> {
      await models.reorganisations.collection.insertOne({
        _id: plan.id,
        kind: plan.kind,
        status: 'PENDING',
        plan: JSON.parse(JSON.stringify(plan)),
        createdAt: now,
        appliedAt: null,
        problem: null,
      } as never);
    },

    async finishReorganisation(
      id: string,
      status: 'APPLIED' | 'CONFLICT',
      problem: string | null,
      now: Date,
    ) {
      await models.reorganisations.collection.updateOne({ _id: id } as never, {
        $set: { status, problem, appliedAt: now },
      });
    },

    async pendingReorganisations(): Promise<ReorganisationPlan[]> {
      const docs = await models.reorganisations.find({ status: 'PENDING' }).lean();
      return docs.map((d) => d.plan as ReorganisationPlan);
    },

    async currentVersions(
      ids: string[],
    ): Promise<Map<string, { version: number; reorganisationIds: Set<string> }>> {
      const { organisations, localities } = await this.loadByIds(ids);
      const result = new Map<string, { version: number; reorganisationIds: Set<string> }>();
      for (const r of [...organisations, ...localities]) {
        const reorganisationIds = new Set<string>();
        for (const v of r.versions) if (v.reorganisationId) reorganisationIds.add(v.reorganisationId);
        result.set(r.id, { version: r.version, reorganisationIds });
      }
      return result;
    },

    async isEmpty(): Promise<boolean> {
      return (await models.organisations.findOne({}, { _id: 1 }).lean()) === null;
    },

    async createIndexes(): Promise<void> {
      await Promise.all([
        models.organisations.createIndexes(),
        models.localities.createIndexes(),
        models.reorganisations.createIndexes(),
      ]);
    },
  };
}

export type Repository = ReturnType<typeof createRepository>;
