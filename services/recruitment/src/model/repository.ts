import type { mongo } from 'mongoose';
import type { BatchedReads } from '@dangvien/db';
import { isDuplicateKey } from '@dangvien/db';
import { Refusal } from '@dangvien/domain';
import type { OutboxWriter } from '@dangvien/kafka';
import type { Candidate } from '../domain/candidate';
import type { MemberFacts } from '../domain/membership';
import type { Plan } from '../domain/plans';
import type { CandidateChange } from '../domain/procedure';
import type { PlanChange } from '../domain/plans';
import { RULES } from '../domain/rules';
import type {
  AwarenessClassDocument,
  CandidateDocument,
  LocalityNodeDocument,
  MemberFactsDocument,
  Models,
  OrganisationNodeDocument,
  PlanDocument,
  WarningDocument,
} from './schemas';

const WITHOUT_OUTBOX = { outbox: 0 } as const;
type Collection = mongo.Collection;

export function toCandidate(doc: CandidateDocument): Candidate {
  return { ...doc.state, id: doc._id, version: doc.version };
}

export function toPlan(doc: PlanDocument): Plan {
  return { ...doc.state, id: doc._id, version: doc.version };
}

/** The years a candidate's steps touch: what `activeYears` indexes. */
export function activeYears(candidate: Candidate): number[] {
  const years = new Set(
    [candidate.listedOn, ...candidate.steps.map((s) => s.date)].map((d) => Number(d.slice(0, 4))),
  );
  return [...years].sort();
}

function candidateFields(candidate: Candidate, ancestorIds: string[]) {
  const { id: _id, version, ...state } = candidate;
  return {
    organisationId: candidate.organisationId,
    ancestorIds,
    localityId: candidate.localityId,
    stage: candidate.stage,
    activeYears: activeYears(candidate),
    decisionDate: candidate.decision?.date ?? null,
    state,
    version,
  };
}

/**
 * Data access. Writes of an aggregate are one single-document write carrying its events (the runtime's
 * outbox writer); reads are equalities on indexed fields, sets of keys through the batched reads.
 */
export function createRepository(models: Models, deps: { outbox: OutboxWriter; reads: () => BatchedReads }) {
  const col = (m: { collection: unknown }) => m.collection as unknown as Collection;
  const candidates = col(models.candidates);
  const plans = col(models.plans);
  const classes = col(models.classes);
  const members = col(models.members);
  const organisations = col(models.organisations);
  const localities = col(models.localities);
  const warnings = col(models.warnings);

  async function find<T>(
    collection: Collection,
    filter: Record<string, unknown>,
    projection: object = WITHOUT_OUTBOX,
  ) {
    // Every match in one reply where it fits (the default first batch of 101 costs a getMore per 101 more).
    return (await collection
      .find(filter as never, { projection, batchSize: 10_000 })
      .toArray()) as unknown as T[];
  }

  return {
    collections: { candidates, plans, classes, members, organisations, localities, warnings },
    outboxCollections: [candidates, plans, warnings],

    async isEmpty(): Promise<boolean> {
      return (
        (await candidates.findOne({}, { projection: { _id: 1 } })) === null &&
        (await plans.findOne({}, { projection: { _id: 1 } })) === null
      );
    },

    async candidate(id: string): Promise<Candidate | null> {
      const doc = (await candidates.findOne({ _id: id } as never, {
        projection: WITHOUT_OUTBOX,
      })) as unknown as CandidateDocument | null;
      return doc ? toCandidate(doc) : null;
    },

    async candidatesByIds(ids: readonly string[]): Promise<Candidate[]> {
      const docs = await deps
        .reads()
        .byIds<CandidateDocument>(candidates, [...ids], { projection: WITHOUT_OUTBOX });
      return docs.map(toCandidate);
    },

    /** Every candidate in the subtree of `rootId`; with `year`, only those with a step in that year. */
    async candidatesUnder(rootId: string, year: number | null = null): Promise<Candidate[]> {
      const filter: Record<string, unknown> = { ancestorIds: rootId };
      if (year !== null) filter.activeYears = year;
      return (await find<CandidateDocument>(candidates, filter)).map(toCandidate);
    },

    /** The admissions decided so far in a subtree: (decision day, locality) only, for plans and localities. */
    async decisionsUnder(rootId: string): Promise<{ candidate: Candidate; ancestorIds: string[] }[]> {
      return (await find<CandidateDocument>(candidates, { ancestorIds: rootId }))
        .filter((d) => d.decisionDate !== null)
        .map((d) => ({ candidate: toCandidate(d), ancestorIds: d.ancestorIds }));
    },

    async insertCandidate(change: CandidateChange, ancestorIds: string[], now: Date): Promise<void> {
      await deps.outbox.insert(
        candidates,
        {
          _id: change.candidate.id,
          ...candidateFields(change.candidate, ancestorIds),
          createdAt: now,
          updatedAt: now,
        },
        change.events,
      );
    },

    async updateCandidate(change: CandidateChange, now: Date): Promise<void> {
      const { candidate, expectedVersion } = change;
      const { ancestorIds: _unused, ...fields } = candidateFields(candidate, []);
      const written = await deps.outbox.update(
        candidates,
        { _id: candidate.id, version: expectedVersion },
        { $set: { ...fields, updatedAt: now } },
        change.events,
      );
      if (!written) {
        throw new Refusal(
          RULES.conflict,
          'The candidate was changed by someone else meanwhile; reload and try again',
        );
      }
    },

    async plan(id: string): Promise<Plan | null> {
      const doc = (await plans.findOne({ _id: id } as never, {
        projection: WITHOUT_OUTBOX,
      })) as unknown as PlanDocument | null;
      return doc ? toPlan(doc) : null;
    },

    async plansByIds(ids: readonly string[]): Promise<Plan[]> {
      return (await deps.reads().byIds<PlanDocument>(plans, [...ids], { projection: WITHOUT_OUTBOX })).map(
        toPlan,
      );
    },

    async planFor(organisationId: string, year: number): Promise<Plan | null> {
      const doc = (await plans.findOne({ key: `${organisationId}:${year}` } as never, {
        projection: WITHOUT_OUTBOX,
      })) as unknown as PlanDocument | null;
      return doc ? toPlan(doc) : null;
    },

    async plansUnder(rootId: string, year: number): Promise<Plan[]> {
      return (await find<PlanDocument>(plans, { ancestorIds: rootId, year })).map(toPlan);
    },

    async plansAbove(ancestorIds: readonly string[], year: number): Promise<Plan[]> {
      const keys = ancestorIds.map((id) => `${id}:${year}`);
      return (
        await deps.reads().byField<PlanDocument>(plans, 'key', keys, { projection: WITHOUT_OUTBOX })
      ).map(toPlan);
    },

    async publishedProgress(planIds: readonly string[]): Promise<Map<string, string | null>> {
      const docs = await deps.reads().byIds<PlanDocument>(plans, [...planIds], {
        projection: { _id: 1, publishedProgress: 1, version: 1 },
      });
      return new Map(docs.map((d) => [d._id, d.publishedProgress]));
    },

    async writePlan(
      change: PlanChange,
      ancestorIds: string[],
      now: Date,
      publishedProgress?: string,
    ): Promise<void> {
      const { plan, expectedVersion, events } = change;
      const { id, version, ...state } = plan;
      const fields = {
        key: `${plan.organisationId}:${plan.year}`,
        organisationId: plan.organisationId,
        ancestorIds,
        year: plan.year,
        state,
        version,
        ...(publishedProgress !== undefined ? { publishedProgress } : {}),
      };
      if (expectedVersion === null) {
        try {
          await deps.outbox.insert(
            plans,
            {
              _id: id,
              ...fields,
              publishedProgress: publishedProgress ?? null,
              createdAt: now,
              updatedAt: now,
            },
            events,
          );
        } catch (error) {
          if (isDuplicateKey(error))
            throw new Refusal(RULES.conflict, 'A plan for this unit and year was just set; reload');
          throw error;
        }
        return;
      }
      const written = await deps.outbox.update(
        plans,
        { _id: id, version: expectedVersion },
        { $set: { ...fields, updatedAt: now } },
        events,
      );
      if (!written)
        throw new Refusal(
          RULES.conflict,
          'The plan was changed by someone else meanwhile; reload and try again',
        );
    },

    async awarenessClass(id: string): Promise<AwarenessClassDocument | null> {
      return (await classes.findOne({ _id: id } as never)) as unknown as AwarenessClassDocument | null;
    },
    async awarenessClassesByIds(ids: readonly string[]): Promise<AwarenessClassDocument[]> {
      return deps.reads().byIds<AwarenessClassDocument>(classes, [...ids]);
    },
    async classesOf(candidateId: string): Promise<AwarenessClassDocument[]> {
      return find<AwarenessClassDocument>(classes, { candidateIds: candidateId }, {});
    },
    async classesBy(organiserId: string): Promise<AwarenessClassDocument[]> {
      return find<AwarenessClassDocument>(classes, { organiserId }, {});
    },
    async insertClass(doc: AwarenessClassDocument): Promise<void> {
      await classes.insertOne(doc as never);
    },
    async updateClass(doc: AwarenessClassDocument, expectedVersion: number): Promise<void> {
      const { _id, createdAt: _c, ...rest } = doc;
      const result = await classes.updateOne({ _id, version: expectedVersion } as never, { $set: rest });
      if (result.matchedCount === 0)
        throw new Refusal(RULES.conflict, 'The class was changed meanwhile; reload and try again');
    },

    async members(ids: readonly string[]): Promise<Map<string, MemberFacts>> {
      const docs = await deps.reads().byIds<MemberFactsDocument>(members, [...new Set(ids)]);
      return new Map(docs.map((d) => [d._id, d.facts]));
    },
    /** Everyone ever placed in the cell (the 2/3 rule counts those on its list on the day). */
    async membersOf(organisationId: string): Promise<MemberFacts[]> {
      return (await find<MemberFactsDocument>(members, { organisationIds: organisationId }, {})).map(
        (d) => d.facts,
      );
    },

    async organisation(id: string): Promise<OrganisationNodeDocument | null> {
      return (await organisations.findOne({
        _id: id,
      } as never)) as unknown as OrganisationNodeDocument | null;
    },
    async organisations(ids: readonly string[]): Promise<OrganisationNodeDocument[]> {
      return deps.reads().byIds<OrganisationNodeDocument>(organisations, [...new Set(ids)]);
    },
    async organisationsUnder(rootId: string): Promise<OrganisationNodeDocument[]> {
      return find<OrganisationNodeDocument>(organisations, { ancestorIds: rootId }, {});
    },
    async roots(): Promise<OrganisationNodeDocument[]> {
      return find<OrganisationNodeDocument>(organisations, { parentId: null, dissolved: false }, {});
    },
    async warningsByIds(ids: readonly string[]): Promise<WarningDocument[]> {
      return deps
        .reads()
        .byIds<WarningDocument & mongo.Document>(warnings, [...ids], { projection: WITHOUT_OUTBOX });
    },
    async activeWarnings(organisationIds: readonly string[]): Promise<WarningDocument[]> {
      return (
        await deps
          .reads()
          .byField<WarningDocument & mongo.Document>(
            warnings,
            'organisationId',
            [...new Set(organisationIds)],
            { projection: WITHOUT_OUTBOX },
          )
      ).filter((d) => d.active);
    },
    async locality(id: string): Promise<LocalityNodeDocument | null> {
      return (await localities.findOne({ _id: id } as never)) as unknown as LocalityNodeDocument | null;
    },
    async localitiesUnder(rootId: string): Promise<LocalityNodeDocument[]> {
      return find<LocalityNodeDocument>(localities, { ancestorIds: rootId }, {});
    },
  };
}

export type Repository = ReturnType<typeof createRepository>;
