import type { ClassificationLevel } from '@dangvien/contracts';
import { awardRulesFor } from './award-rules';
import type { AwardCandidate, Decided, Streaks } from './awards';
import { awardCandidates, streaksFor } from './awards';
import type { Criterion, UnitFacts } from './criteria';
import type { CriteriaSet } from './criteria-sets';
import { criteriaFor } from './criteria-sets';
import { lineageAt } from './lineage';
import type { RankRow } from './ranking';
import { previousRank, rankProvince } from './ranking';
import type { UnitScore } from './scoring';
import { scoreUnit } from './scoring';
import { TreeOnDay } from './tree';
import type { YearInputs } from './unit-facts';
import { unitFacts } from './unit-facts';

/** One scored unit of a province's year, as rankings and the API read it. */
export interface UnitRow extends RankRow {
  rank: number | null;
  provinceRank: number | null;
  /** Its ancestors at the end of the year, parent first. */
  ancestors: string[];
  /** Who it was the year before (itself, or its predecessors then). */
  lineage: string[];
  previousRank: number | null;
  previousProvinceRank: number | null;
  /** The units `previousRank` came from. */
  previousVia: string[];
  /** Its classification decided for the year, if any. */
  classification: ClassificationLevel | null;
  exemplary: boolean;
  /** Points per applicable criterion. */
  points: Partial<Record<Criterion, number>>;
}

export interface YearResult {
  set: CriteriaSet;
  tree: TreeOnDay;
  rows: UnitRow[];
  details: Map<string, { facts: UnitFacts; score: UnitScore }>;
  streaks: Streaks;
  awards: AwardCandidate[];
}

/** What the year before left: its rows (for previous ranks) and its runs of excellent years. */
export interface PreviousYear {
  rows: ReadonlyMap<string, Pick<UnitRow, 'rank' | 'provinceRank'>>;
  streaks: Streaks | null;
}

/**
 * Scores, ranks and lists the award candidates of one year of one province, from its facts alone:
 * the same inputs always give the same result, whatever order the facts arrived in.
 */
export function scoreYear(
  inputs: YearInputs,
  decisions: { organisations: ReadonlyMap<string, Decided>; members: ReadonlyMap<string, Decided> },
  previous: PreviousYear,
): YearResult {
  const { year, rootId } = inputs;
  const set = criteriaFor(year);
  const tree = new TreeOnDay(`${year}-12-31`, inputs.records.values());
  const facts = unitFacts(inputs, tree);
  const lookup = (id: string) => inputs.records.get(id);
  const details = new Map<string, { facts: UnitFacts; score: UnitScore }>();
  const rows: UnitRow[] = [];
  const previousPeer = new Map([...previous.rows].map(([id, row]) => [id, row.rank]));
  const previousProvince = new Map([...previous.rows].map(([id, row]) => [id, row.provinceRank]));
  for (const id of tree.descendantsOf(rootId)) {
    const state = tree.get(id)!;
    if (!set.rankedLevels.includes(state.level)) continue;
    const unit = facts.get(id)!;
    const score = scoreUnit(set, unit);
    details.set(id, { facts: unit, score });
    const decided = decisions.organisations.get(id);
    const lineage = lineageAt(lookup, id, year - 1);
    const peer = previousRank(lineage, previousPeer);
    const province = previousRank(lineage, previousProvince);
    rows.push({
      id,
      code: state.code,
      name: state.name,
      parentId: state.parentId,
      level: state.level,
      sector: state.sector,
      score: score.score,
      rank: null,
      provinceRank: null,
      ancestors: tree.ancestorsOf(id),
      lineage,
      previousRank: peer.rank,
      previousProvinceRank: province.rank,
      previousVia: peer.via,
      classification: decided?.level ?? null,
      exemplary: decided?.exemplary ?? false,
      points: Object.fromEntries(
        score.breakdown.filter((l) => l.applicable).map((l) => [l.criterion, l.points]),
      ),
    });
  }
  const ranks = rankProvince(rows);
  for (const row of rows) Object.assign(row, ranks.get(row.id));
  const awardRules = awardRulesFor(year);
  const streaks = streaksFor(awardRules, year, tree, lookup, decisions, previous.streaks);
  const awards = awardCandidates(awardRules, year, rootId, tree, decisions, streaks);
  return { set, tree, rows, details, streaks, awards };
}
