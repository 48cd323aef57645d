import { awardRulesFor } from '../src/domain/award-rules';
import type { Decided, Streaks } from '../src/domain/awards';
import { awardCandidates, streaksFor } from '../src/domain/awards';
import type { TreeFact } from '../src/domain/facts';
import { absorbedDuring, lineageAt } from '../src/domain/lineage';
import { previousRank, rankRows } from '../src/domain/ranking';
import type { OrganisationRecord } from '../src/domain/tree';
import { TreeOnDay } from '../src/domain/tree';

let event = 0;
const created = (
  id: string,
  d: string,
  parentId: string | null,
  predecessorIds: string[] = [],
): TreeFact => ({
  e: `e${(event += 1)}`,
  s: 1,
  d,
  k: 'CREATED',
  code: id,
  name: id,
  level: parentId ? 'COMMUNE' : 'PROVINCE',
  sector: 'RESIDENTIAL',
  parentId,
  predecessorIds,
});
const dissolved = (d: string, successorIds: string[]): TreeFact => ({
  e: `e${(event += 1)}`,
  s: 2,
  d,
  k: 'DISSOLVED',
  cause: 'MERGED',
  successorIds,
});

// P; communes U1 and U2 from 2020, merged on 2026-07-01 into the new U3.
const records: OrganisationRecord[] = [
  { id: 'P', facts: [created('P', '2020-01-01', null)] },
  { id: 'U1', facts: [created('U1', '2020-01-01', 'P'), dissolved('2026-07-01', ['U3'])] },
  { id: 'U2', facts: [created('U2', '2020-01-01', 'P'), dissolved('2026-07-01', ['U3'])] },
  { id: 'U3', facts: [created('U3', '2026-07-01', 'P', ['U1', 'U2'])] },
  { id: 'U4', facts: [created('U4', '2020-01-01', 'P')] },
];
const lookup = (id: string) => records.find((r) => r.id === id);
const excellent: Decided = { level: 'EXCELLENT', exemplary: false, organisationId: '' };

/** The runs of excellent years from 2023 to `last`, with the units rated EXCELLENT each year. */
function runs(last: number, excellentIn: (year: number) => string[]): { streaks: Streaks; tree: TreeOnDay } {
  let streaks: Streaks | null = null;
  let tree = new TreeOnDay('2023-12-31', records);
  for (let year = 2023; year <= last; year += 1) {
    tree = new TreeOnDay(`${year}-12-31`, records);
    const organisations = new Map(excellentIn(year).map((id) => [id, { ...excellent, organisationId: id }]));
    streaks = streaksFor(
      awardRulesFor(year),
      year,
      tree,
      lookup,
      { organisations, members: new Map() },
      streaks,
    );
  }
  return { streaks: streaks!, tree };
}

describe('lineage across a merge', () => {
  it('the merged unit was its predecessors the year before, and takes their figures of the merge year', () => {
    expect(lineageAt(lookup, 'U3', 2025)).toEqual(['U1', 'U2']);
    expect(lineageAt(lookup, 'U3', 2026)).toEqual(['U3']);
    expect(lineageAt(lookup, 'U4', 2025)).toEqual(['U4']);
    expect(absorbedDuring(lookup, 'U3', 2026).sort()).toEqual(['U1', 'U2']);
    expect(absorbedDuring(lookup, 'U3', 2027)).toEqual([]);
  });

  it("a merged unit's previous rank is its predecessors' best", () => {
    expect(
      previousRank(
        ['U1', 'U2'],
        new Map([
          ['U1', 4],
          ['U2', 2],
        ]),
      ),
    ).toEqual({ rank: 2, via: ['U2'] });
    expect(previousRank(['U9'], new Map([['U1', 4]]))).toEqual({ rank: null, via: [] });
  });

  it('ranks with shared places ("1224"), unscored last', () => {
    const row = (id: string, score: number | null) =>
      ({ id, code: id, name: id, parentId: 'P', level: 'COMMUNE', sector: 'RESIDENTIAL', score }) as const;
    expect(
      rankRows([row('a', 80), row('b', 90), row('c', 80), row('d', null), row('e', 70)]).map((r) => [
        r.row.id,
        r.rank,
      ]),
    ).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 2],
      ['e', 4],
      ['d', null],
    ]);
  });
});

describe("the province's Bằng khen: EXCELLENT five years in a row, across reorganisations", () => {
  const provincial = (streaks: Streaks, tree: TreeOnDay, year: number) =>
    awardCandidates(
      awardRulesFor(year),
      year,
      'P',
      tree,
      {
        organisations: new Map(
          Object.keys(streaks.units).map((id) => [id, { ...excellent, organisationId: id }]),
        ),
        members: new Map(),
      },
      streaks,
    )
      .filter((c) => c.award === 'PROVINCIAL_MERIT')
      .map((c) => [c.organisationId, c.basisYears]);

  it('goes to the successor when every predecessor was EXCELLENT in the years before the merge', () => {
    const { streaks, tree } = runs(2027, (year) => (year <= 2025 ? ['U1', 'U2', 'U4'] : ['U3', 'U4']));
    expect(streaks.units).toEqual({ U3: 5, U4: 5 });
    expect(provincial(streaks, tree, 2027)).toEqual([
      ['U3', [2023, 2024, 2025, 2026, 2027]],
      ['U4', [2023, 2024, 2025, 2026, 2027]],
    ]);
  });

  it('does not when one predecessor missed a year, nor after four years', () => {
    const broken = runs(2027, (year) =>
      year <= 2025 ? (year === 2024 ? ['U1', 'U4'] : ['U1', 'U2', 'U4']) : ['U3', 'U4'],
    );
    expect(broken.streaks.units).toEqual({ U3: 3, U4: 5 });
    expect(provincial(broken.streaks, broken.tree, 2027)).toEqual([['U4', [2023, 2024, 2025, 2026, 2027]]]);
    const four = runs(2026, (year) => (year <= 2025 ? ['U1', 'U2', 'U4'] : ['U3', 'U4']));
    expect(provincial(four.streaks, four.tree, 2026)).toEqual([]);
  });
});
