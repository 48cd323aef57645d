import type { OrganisationLevel, OrganisationSector } from '@dangvien/contracts';

/** One scored unit, as rankings see it. */
export interface RankRow {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  level: OrganisationLevel;
  sector: OrganisationSector;
  /** null: nothing could be measured; such a unit is listed last, unranked. */
  score: number | null;
}

/** Best first: higher score, then code; unscored units last. */
export function compareRows(a: RankRow, b: RankRow): number {
  if (a.score !== b.score) {
    if (a.score === null) return 1;
    if (b.score === null) return -1;
    return b.score - a.score;
  }
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/**
 * Competition ranking ("1224"): equal scores share a rank and the next rank skips; unscored units get
 * none. Returns the rows in order with their rank.
 */
export function rankRows(rows: readonly RankRow[]): { row: RankRow; rank: number | null }[] {
  const sorted = [...rows].sort(compareRows);
  let rank = 0;
  let previous: number | null = null;
  return sorted.map((row, i) => {
    if (row.score === null) return { row, rank: null };
    if (row.score !== previous) {
      rank = i + 1;
      previous = row.score;
    }
    return { row, rank };
  });
}

/** The peer group of a unit: same parent, level and sector. */
export const peerKey = (row: Pick<RankRow, 'parentId' | 'level' | 'sector'>): string =>
  `${row.parentId ?? ''}|${row.level}|${row.sector}`;

/** Every unit's rank among its peers and among the units of its level in the province. */
export function rankProvince(
  rows: readonly RankRow[],
): Map<string, { rank: number | null; provinceRank: number | null }> {
  const out = new Map<string, { rank: number | null; provinceRank: number | null }>();
  const groups = (key: (row: RankRow) => string) => {
    const map = new Map<string, RankRow[]>();
    for (const row of rows) {
      const list = map.get(key(row)) ?? [];
      list.push(row);
      map.set(key(row), list);
    }
    return map;
  };
  for (const list of groups(peerKey).values()) {
    for (const { row, rank } of rankRows(list)) out.set(row.id, { rank, provinceRank: null });
  }
  for (const list of groups((row) => row.level).values()) {
    for (const { row, rank } of rankRows(list)) out.get(row.id)!.provinceRank = rank;
  }
  return out;
}

/**
 * A unit's rank the year before: its own, or (a unit that did not exist, or took others in) the best of
 * the ranks of the units it was then, with the ids that rank came from.
 */
export function previousRank(
  lineage: readonly string[],
  previous: ReadonlyMap<string, number | null>,
): { rank: number | null; via: string[] } {
  let best: number | null = null;
  let via: string[] = [];
  for (const id of lineage) {
    const rank = previous.get(id) ?? null;
    if (rank === null) continue;
    if (best === null || rank < best) {
      best = rank;
      via = [id];
    } else if (rank === best) via.push(id);
  }
  return { rank: best, via };
}
