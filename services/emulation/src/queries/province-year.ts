import type { Decided } from '../domain/awards';
import { CRITERIA_SETS, criteriaFor } from '../domain/criteria-sets';
import type { PreviousYear, YearResult } from '../domain/year-scores';
import { scoreYear } from '../domain/year-scores';
import type { MemberDecision } from '../domain/unit-facts';
import { levelsOf } from '../domain/tree';
import type { MemberStore } from '../model/member-store';
import type { PlanOfYear } from '../domain/plans';
import { combinePlans, planOfYear } from '../domain/plans';
import type { PlanStore } from '../model/plan-store';
import type { ProjectionVersion } from '../model/projection-version';
import type { ReviewStore, SheetDocument } from '../model/review-store';
import { tuplesOf } from '../model/review-store';
import type { TreeStore } from '../model/tree-store';

export interface ProvinceYearDeps {
  trees: TreeStore;
  members: MemberStore;
  plans: PlanStore;
  store: ReviewStore;
  /** When absent (benchmarks of the cold computation), nothing is cached. */
  version?: ProjectionVersion;
}

/** Province years kept per process: a province's year is some megabytes, a handful is enough. */
const CACHED_YEARS = 8;

/** The first year any criteria are in force: runs of excellent years and previous ranks start there. */
export const FIRST_SCORED_YEAR = Number(CRITERIA_SETS.entries[0]!.effectiveFrom.slice(0, 4));

interface Decisions {
  organisations: Map<string, Decided>;
  members: Map<string, Decided>;
  memberDecisions: MemberDecision[];
}

/**
 * Scores, ranks and lists award candidates of one province, computed on read from the projection and
 * the decisions in force: nothing derived is stored, so a rebuild from the topics gives the same
 * result by construction, and a late event is in the next read. A computed year is kept in memory
 * while the projection's version token holds (projection-version.ts): read before the data, so a
 * result is never kept under a token newer than what it was computed from. The years from the first scored one
 * are computed in order (previous ranks and runs of excellent years need the year before).
 */
export function createProvinceYears(deps: ProvinceYearDeps) {
  function decisionsOf(year: number, all: readonly SheetDocument[]): Decisions {
    const sheets = all.filter((sheet) => sheet.periodId === String(year));
    const out: Decisions = { organisations: new Map(), members: new Map(), memberDecisions: [] };
    for (const sheet of sheets) {
      for (const tuple of Object.values(tuplesOf(sheet))) {
        const decided: Decided = { level: tuple.l, exemplary: tuple.x, organisationId: tuple.o };
        if (sheet.subjectKind === 'ORGANISATION') out.organisations.set(tuple.s, decided);
        else {
          out.members.set(tuple.s, decided);
          out.memberDecisions.push({ memberId: tuple.s, organisationId: tuple.o, level: tuple.l });
        }
      }
    }
    return out;
  }

  /** Every year of the province up to `year`, oldest first. */
  async function years(rootId: string, year: number): Promise<YearResult[]> {
    criteriaFor(year); // refuses a year no criteria cover
    const records = await deps.trees.loadUnder(rootId);
    const byId = new Map(records.map((r) => [r.id, r]));
    const communes = records.filter((r) => levelsOf(r).includes('COMMUNE')).map((r) => r.id);
    const [contributions, localities, inspectionDocs, sheets, planRecords] = await Promise.all([
      deps.members.contributionsUnder(rootId),
      deps.trees.localitiesOf(communes),
      deps.store.inspectionsIn(rootId),
      deps.store.sheetsIn(rootId),
      deps.plans.plansUnder(rootId),
    ]);
    // Per year, per unit: its plan in force (a unit has one plan a year; a second would be summed).
    const plansByYear = new Map<number, Map<string, PlanOfYear>>();
    for (const record of planRecords) {
      const plan = planOfYear(record);
      if (!plan) continue;
      const ofYear = plansByYear.get(record.year) ?? new Map<string, PlanOfYear>();
      ofYear.set(record.organisationId, combinePlans([ofYear.get(record.organisationId), plan])!);
      plansByYear.set(record.year, ofYear);
    }
    const localityYears =
      criteriaFor(year).criteria.find((c) => c.code === 'LOCALITIES_WITHOUT_ADMISSION')?.years ?? 3;
    const results: YearResult[] = [];
    let previous: PreviousYear = { rows: new Map(), streaks: null };
    for (let y = FIRST_SCORED_YEAR; y <= year; y += 1) {
      const decisions = decisionsOf(y, sheets);
      const result = scoreYear(
        {
          year: y,
          rootId,
          records: byId,
          contributions,
          localities,
          memberDecisions: decisions.memberDecisions,
          inspections: inspectionDocs.filter((i) => i.year === y),
          plans: plansByYear.get(y) ?? new Map(),
          localityYears,
        },
        decisions,
        previous,
      );
      results.push(result);
      previous = { rows: new Map(result.rows.map((row) => [row.id, row])), streaks: result.streaks };
    }
    return results;
  }

  /** The root of the tree `organisationId` was ever in (itself for a root), or null when unknown. */
  async function rootOf(organisationId: string): Promise<string | null> {
    const own = (await deps.trees.load([organisationId])).get(organisationId);
    if (!own) return null;
    if (own.isRoot) return own._id;
    const ancestors = await deps.trees.load(own.ancestorIds);
    return [...ancestors.values()].find((doc) => doc.isRoot)?._id ?? null;
  }

  const cache = new Map<string, { token: string; result: Promise<YearResult> }>();

  return {
    rootOf,
    async year(rootId: string, year: number): Promise<YearResult> {
      if (!deps.version) return (await years(rootId, year)).at(-1)!;
      const token = await deps.version.current();
      const key = `${rootId}:${year}`;
      const hit = cache.get(key);
      if (hit?.token === token) return hit.result;
      const result = years(rootId, year).then((all) => all.at(-1)!);
      cache.delete(key);
      cache.set(key, { token, result });
      // Oldest first out; a failed computation is not kept.
      while (cache.size > CACHED_YEARS) cache.delete(cache.keys().next().value!);
      result.catch(() => {
        if (cache.get(key)?.result === result) cache.delete(key);
      });
      return result;
    },
  };
}

export type ProvinceYears = ReturnType<typeof createProvinceYears>;
