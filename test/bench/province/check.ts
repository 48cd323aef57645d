import type { Client } from './client';
import type { ExpectedCounts } from './generate';

export interface CountRow {
  figure: string;
  expected: number;
  actual: number;
}

const LEVELS = ['COMMUNE', 'DIRECTLY_UNDER', 'GRASSROOTS_COMMITTEE', 'GRASSROOTS_CELL', 'CELL'] as const;
const STAGES = ['LISTED', 'CLASS_CERTIFIED', 'APPLIED', 'HISTORY_DECLARED'] as const;

const QUERY = /* GraphQL */ `
  query Counts($id: ID!) {
    organisation(id: $id) {
      memberStatistics {
        total
        official
        probationary
        women { count }
        ethnicMinorities { count }
        universityEducated { count }
      }
    }
    localityHeadMembership(under: $id) { localities withHead headsWhoAreMembers }
    ${LEVELS.map((l) => `${l}: organisations(filter: { under: $id, level: [${l}] }, first: 1) { totalCount }`).join('\n')}
    ${STAGES.map((s) => `${s}: candidates(under: $id, stage: ${s}, first: 1) { totalCount }`).join('\n')}
  }
`;

interface Counts {
  organisation: {
    memberStatistics: {
      total: number;
      official: number;
      probationary: number;
      women: { count: number };
      ethnicMinorities: { count: number };
      universityEducated: { count: number };
    };
  };
  localityHeadMembership: { localities: number; withHead: number; headsWhoAreMembers: number };
  [alias: string]: unknown;
}

/** The generator's counts against what the gateway answers for the province, figure by figure. */
export async function countThroughGateway(
  client: Client,
  provinceId: string,
  expected: ExpectedCounts,
): Promise<CountRow[]> {
  const data = await client<Counts>(QUERY, { id: provinceId });
  const stats = data.organisation.memberStatistics;
  const total = (alias: string) => (data[alias] as { totalCount: number }).totalCount;
  return [
    ...LEVELS.map((l) => ({
      figure: `organisations ${l}`,
      expected: expected.unitsByLevel[l] ?? 0,
      actual: total(l),
    })),
    { figure: 'localities', expected: expected.localities, actual: data.localityHeadMembership.localities },
    {
      figure: 'heads who are members',
      expected: expected.headsWhoAreMembers,
      actual: data.localityHeadMembership.headsWhoAreMembers,
    },
    { figure: 'members', expected: expected.members, actual: stats.total },
    { figure: 'official', expected: expected.official, actual: stats.official },
    { figure: 'probationary', expected: expected.probationary, actual: stats.probationary },
    { figure: 'women', expected: expected.women, actual: stats.women.count },
    {
      figure: 'ethnic minorities',
      expected: expected.ethnicMinorities,
      actual: stats.ethnicMinorities.count,
    },
    { figure: 'university', expected: expected.universityEducated, actual: stats.universityEducated.count },
    ...STAGES.map((s) => ({
      figure: `candidates ${s}`,
      expected: expected.candidatesByStage[s] ?? 0,
      actual: total(s),
    })),
  ];
}

export function formatCounts(rows: readonly CountRow[]): string {
  const width = Math.max(...rows.map((r) => r.figure.length));
  return rows
    .map(
      (r) =>
        `  ${r.figure.padEnd(width)}  ${String(r.expected).padStart(7)}  ${String(r.actual).padStart(7)}  ${
          r.expected === r.actual ? 'match' : 'DIFFERS'
        }`,
    )
    .join('\n');
}
