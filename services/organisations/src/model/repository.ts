import type { EventEnvelope, OrganisationLevel, OrganisationSector } from '@dangvien/contracts';
import { outboxFields, outboxUpdate } from '@dangvien/kafka';
import { UserInputError } from '@dangvien/graphql';
import type { QueryFilter } from 'mongoose';
import type { OrganisationState } from '../domain/organisation';
import { RULES, searchKey } from '../domain/organisation';
import type { OrganisationDocument, OrganisationModel } from './organisation';

export interface ListFilter {
  levels?: OrganisationLevel[] | null;
  sectors?: OrganisationSector[] | null;
  search?: string | null;
  includeDissolved?: boolean | null;
  parentId?: string;
  /** Only organisations below this one (its subtree, without itself). */
  under?: string;
}

export interface Page {
  limit: number;
  afterCode?: string | null;
}

export function toState(doc: OrganisationDocument): OrganisationState {
  return {
    id: doc._id,
    code: doc.code,
    name: doc.name,
    level: doc.level,
    sector: doc.sector,
    parentId: doc.parentId,
    path: doc.path,
    status: doc.status,
    version: doc.version,
  };
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number }).code === 11000;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Data access for organisations. Every write is one single-document operation that carries its
 * events in the document's outbox, so state and events are stored together or not at all.
 */
export function createOrganisationRepository(model: OrganisationModel) {
  const collection = model.collection;

  function toQuery(filter: ListFilter): QueryFilter<OrganisationDocument> {
    const query: QueryFilter<OrganisationDocument> = {};
    if (!filter.includeDissolved) query.status = 'ACTIVE';
    if (filter.levels?.length) query.level = { $in: filter.levels };
    if (filter.sectors?.length) query.sector = { $in: filter.sectors };
    if (filter.parentId) query.parentId = filter.parentId;
    if (filter.under) query.path = filter.under;
    const search = filter.search ? searchKey(filter.search) : '';
    if (search) {
      query.$or = [
        { searchName: { $regex: escapeRegex(search) } },
        { code: { $regex: `^${escapeRegex(search.toUpperCase())}` } },
      ];
    }
    return query;
  }

  return {
    collection,

    async findByIds(ids: readonly string[]): Promise<OrganisationDocument[]> {
      if (ids.length === 0) return [];
      return model.find({ _id: { $in: ids } }).lean<OrganisationDocument[]>();
    },

    async findByCode(code: string): Promise<OrganisationDocument | null> {
      return model.findOne({ code }).lean<OrganisationDocument>();
    },

    async findById(id: string): Promise<OrganisationDocument | null> {
      return model.findById(id).lean<OrganisationDocument>();
    },

    /** Sorted by code; fetches `limit + 1` rows so the caller knows whether a next page exists. */
    async list(filter: ListFilter, page: Page): Promise<OrganisationDocument[]> {
      const query = toQuery(filter);
      if (page.afterCode) query.code = { $gt: page.afterCode };
      return model
        .find(query)
        .sort({ code: 1 })
        .limit(page.limit + 1)
        .lean<OrganisationDocument[]>();
    },

    async count(filter: ListFilter): Promise<number> {
      return model.countDocuments(toQuery(filter));
    },

    async countActiveChildren(id: string): Promise<number> {
      return model.countDocuments({ parentId: id, status: 'ACTIVE' });
    },

    async insert(state: OrganisationState, events: EventEnvelope[], now: Date): Promise<void> {
      const doc: OrganisationDocument = {
        _id: state.id,
        code: state.code,
        name: state.name,
        searchName: searchKey(state.name),
        level: state.level,
        sector: state.sector,
        parentId: state.parentId,
        path: state.path,
        status: state.status,
        dissolvedAt: null,
        dissolutionReason: null,
        version: state.version,
        createdAt: now,
        updatedAt: now,
        ...outboxFields(events),
      };
      try {
        await collection.insertOne(doc as never);
      } catch (error) {
        if (isDuplicateKey(error)) {
          throw new UserInputError(RULES.codeTaken, `Code ${state.code} is already used by another organisation`, [
            'code',
          ]);
        }
        throw error;
      }
    },

    /**
     * Writes `next` over the version it was decided from, with its events, in one atomic update.
     * Fails with CONCURRENT_MODIFICATION when someone else wrote in between.
     */
    async update(
      previousVersion: number,
      next: OrganisationState,
      events: EventEnvelope[],
      now: Date,
      extra: Partial<Pick<OrganisationDocument, 'dissolvedAt' | 'dissolutionReason'>> = {},
    ): Promise<void> {
      const outbox = outboxUpdate(events);
      const result = await collection.updateOne({ _id: next.id, version: previousVersion } as never, {
        $set: {
          name: next.name,
          searchName: searchKey(next.name),
          parentId: next.parentId,
          path: next.path,
          status: next.status,
          version: next.version,
          updatedAt: now,
          ...extra,
          ...outbox.$set,
        },
        $inc: outbox.$inc,
      });
      if (result.matchedCount === 0) {
        throw new UserInputError(
          RULES.conflict,
          `Organisation ${next.code} was changed by someone else meanwhile; reload and try again`,
          null,
        );
      }
    },

    async descendantsPaths(id: string): Promise<{ id: string; path: string[] }[]> {
      const docs = await model.find({ path: id }, { _id: 1, path: 1 }).lean<Pick<OrganisationDocument, '_id' | 'path'>[]>();
      return docs.map((d) => ({ id: d._id, path: d.path }));
    },

    /** Writes derived paths in one round trip. */
    async setPaths(paths: { id: string; path: string[] }[]): Promise<void> {
      if (paths.length === 0) return;
      await collection.bulkWrite(
        paths.map((p) => ({ updateOne: { filter: { _id: p.id }, update: { $set: { path: p.path } } } })) as never,
        { ordered: false },
      );
    },

    /**
     * Recomputes every path from the `parentId` links and fixes those that differ: finishes a move
     * whose descendant update was cut short by a crash. One read of the tree, one bulk write.
     */
    async repairPaths(): Promise<number> {
      const docs = await model.find({}, { _id: 1, parentId: 1, path: 1 }).lean<Pick<OrganisationDocument, '_id' | 'parentId' | 'path'>[]>();
      const byId = new Map(docs.map((d) => [d._id, d]));
      const computed = new Map<string, string[]>();
      const pathOf = (id: string, seen: Set<string>): string[] => {
        const cached = computed.get(id);
        if (cached) return cached;
        const doc = byId.get(id);
        if (!doc?.parentId || seen.has(id)) return [];
        seen.add(id);
        const result = [...pathOf(doc.parentId, seen), doc.parentId];
        computed.set(id, result);
        return result;
      };
      const fixes = docs
        .map((d) => ({ id: d._id, path: pathOf(d._id, new Set()) }))
        .filter((p) => p.path.join('/') !== (byId.get(p.id)?.path ?? []).join('/'));
      await this.setPaths(fixes);
      return fixes.length;
    },

    async isEmpty(): Promise<boolean> {
      return (await model.findOne({}, { _id: 1 }).lean()) === null;
    },
  };
}

export type OrganisationRepository = ReturnType<typeof createOrganisationRepository>;
