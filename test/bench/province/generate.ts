import type { CalendarDate } from '@dangvien/domain';
import { syntheticCandidate, syntheticMember } from './people';
import type { SyntheticCandidate, SyntheticMember } from './people';
import { seeded } from './random';
import { BASE, scaled } from './shares';
import { syntheticTree } from './tree';
import type { SyntheticLocality, SyntheticUnit } from './tree';

export interface ProvinceOptions {
  seed?: number;
  /** 1: Thái Nguyên (98,400 members); 0.01 a quick run; 57 the national 5.6 million. */
  scale?: number;
  /** The day the province is drawn for (admissions, probation, ages count to it). */
  today: CalendarDate;
}

/** What the loaded province must show through the gateway. */
export interface ExpectedCounts {
  unitsByLevel: Record<string, number>;
  localities: number;
  headsWhoAreMembers: number;
  members: number;
  official: number;
  probationary: number;
  women: number;
  ethnicMinorities: number;
  universityEducated: number;
  admittedByYear: Record<number, number>;
  candidatesByStage: Record<string, number>;
}

export interface SyntheticProvince {
  seed: number;
  scale: number;
  today: CalendarDate;
  units: readonly SyntheticUnit[];
  localities: readonly SyntheticLocality[];
  memberCount: number;
  /** Member `index` (0 ≤ index < memberCount), drawn on demand: the national scale never sits in memory. */
  member(index: number): SyntheticMember;
  candidateCount: number;
  candidate(index: number): SyntheticCandidate;
  /** The Party card of a locality's head when the head is a member (a member of its covering cell). */
  headCard(locality: SyntheticLocality): string | null;
  /** Counts every figure by walking the members once. */
  expected(): ExpectedCounts;
}

const UNIVERSITY = new Set(['UNIVERSITY', 'MASTER', 'DOCTOR']);

/**
 * A Thái Nguyên-size province, the same for the same seed, scale and day: its tree, localities with
 * heads, members spread unevenly over the units that hold them, and today's candidates.
 */
export function generateProvince(options: ProvinceOptions): SyntheticProvince {
  const seed = options.seed ?? 2026;
  const scale = options.scale ?? 1;
  const { today } = options;
  const { units, localities } = syntheticTree(seed, scale);
  const holders = units.filter((u) => u.holdsMembers);
  const cells = holders.filter((u) => u.level === 'CELL');
  const memberCount = scaled(BASE.members, scale, holders.length * 3);
  // Uneven sizes (a cell of 10 next to one of 60), shared out by largest remainder to the exact total.
  const next = seeded(seed ^ 0x1234567);
  const weights = holders.map((u) => (u.level === 'GRASSROOTS_CELL' ? 0.7 : 1) * (0.4 + 1.2 * next()));
  const total = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => (w / total) * memberCount);
  const sizes = shares.map((s) => Math.max(3, Math.floor(s)));
  let left = memberCount - sizes.reduce((a, b) => a + b, 0);
  const byRemainder = shares.map((s, i) => [s - Math.floor(s), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % byRemainder.length, left -= 1) sizes[byRemainder[k]![1]]! += 1;
  for (let k = sizes.length - 1; left < 0; k = (k - 1 + sizes.length) % sizes.length) {
    if (sizes[k]! > 3) {
      sizes[k]! -= 1;
      left += 1;
    }
  }
  const starts: number[] = [];
  const firstOf = new Map<string, { start: number; size: number }>();
  let at = 0;
  holders.forEach((u, i) => {
    starts.push(at);
    firstOf.set(u.code, { start: at, size: sizes[i]! });
    at += sizes[i]!;
  });
  const holderOf = (index: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return holders[lo]!;
  };
  const member = (index: number) => syntheticMember(seed, index, holderOf(index).code, today);
  const candidateCount = scaled(BASE.candidates, scale);
  // Candidates spread over the cells with a stride, so neighbouring cells are not all alike.
  const candidate = (index: number) =>
    syntheticCandidate(seed, index, cells[(index * 7) % cells.length]!.code, today);
  const localityIndex = new Map(localities.map((l, i) => [l.code, i]));
  const headCard = (locality: SyntheticLocality) => {
    if (!locality.headIsMember) return null;
    const range = firstOf.get(locality.cellCode)!;
    return member(range.start + (localityIndex.get(locality.code)! % range.size)).partyCardNumber;
  };

  return {
    seed,
    scale,
    today,
    units,
    localities,
    memberCount,
    member,
    candidateCount,
    candidate,
    headCard,
    expected() {
      const unitsByLevel: Record<string, number> = {};
      for (const u of units) unitsByLevel[u.level] = (unitsByLevel[u.level] ?? 0) + 1;
      const counts = { official: 0, probationary: 0, women: 0, ethnicMinorities: 0, universityEducated: 0 };
      const admittedByYear: Record<number, number> = {};
      for (let i = 0; i < memberCount; i += 1) {
        const m = member(i);
        if (m.officialDate) counts.official += 1;
        else counts.probationary += 1;
        if (m.sex === 'FEMALE') counts.women += 1;
        if (m.ethnicityCode !== '01') counts.ethnicMinorities += 1;
        if (m.professionalQualification && UNIVERSITY.has(m.professionalQualification))
          counts.universityEducated += 1;
        admittedByYear[m.admittedIn] = (admittedByYear[m.admittedIn] ?? 0) + 1;
      }
      const candidatesByStage: Record<string, number> = {};
      for (let j = 0; j < candidateCount; j += 1) {
        const stage = candidate(j).stage;
        candidatesByStage[stage] = (candidatesByStage[stage] ?? 0) + 1;
      }
      return {
        unitsByLevel,
        localities: localities.length,
        headsWhoAreMembers: localities.filter((l) => l.headIsMember).length,
        members: memberCount,
        ...counts,
        admittedByYear,
        candidatesByStage,
      };
    },
  };
}
