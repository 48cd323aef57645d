/**
 * The figures the synthetic province is drawn from: the article's Thái Nguyên (DOMAIN.md §1 and §6)
 * at scale 1. Every count is multiplied by the scale factor (57 gives the national 5.6 million).
 */
export const BASE = {
  communes: 92,
  directlyUnder: 6,
  grassroots: 586,
  cells: 3_000,
  localities: 3_000,
  members: 98_400,
  /** Candidates on the cells' lists today, across the stages below. */
  candidates: 1_000,
} as const;

/** Share of women among members (the article: 40.98%). */
export const WOMEN = 0.4098;
/** Share of ethnic minorities among members (the article: 22%). */
export const ETHNIC_MINORITIES = 0.22;
/** Share of village and residential-group heads who are Party members (75.9% in 2023). */
export const HEADS_WHO_ARE_MEMBERS = 0.759;

/**
 * The minorities' split follows the population's ethnic mix (DOMAIN.md §6: Tày 11%, Nùng 5.7%,
 * Sán Dìu 3.9%, Sán Chay 2.9%, Dao 2.3%; the remaining 1.1% "others" given to Hmông, Hoa and Mường),
 * by the General Statistics Office's codes.
 */
export const MINORITY_SHARES: readonly (readonly [code: string, populationShare: number])[] = [
  ['02', 11],
  ['07', 5.7],
  ['18', 3.9],
  ['15', 2.9],
  ['09', 2.3],
  ['08', 0.5],
  ['04', 0.3],
  ['06', 0.3],
];

/**
 * Admissions of the last five years as a share of all members (the 2020 rate was 1.9% against a
 * 2.5% target): the oldest year first, the current year last (counted up to today).
 */
export const ADMISSION_RATES = [0.019, 0.021, 0.022, 0.024, 0.025] as const;

/** Of those admitted, the share aged 18–30 at the decision (national figure: about 64%). */
export const ADMITTED_UNDER_30 = 0.64;

/**
 * Age of the members admitted before the five years (years, weight): a pyramid that widens in the
 * middle ages and keeps a long tail of veterans, as Party member lists do.
 */
export const AGE_PYRAMID: readonly (readonly [from: number, to: number, weight: number])[] = [
  [24, 30, 9],
  [31, 40, 22],
  [41, 50, 22],
  [51, 60, 19],
  [61, 70, 15],
  [71, 80, 9],
  [81, 92, 4],
];

/** Today's candidates by the stage they have reached (the loader takes each through the public API). */
export const CANDIDATE_STAGES = [
  ['LISTED', 0.4],
  ['CLASS_CERTIFIED', 0.25],
  ['APPLIED', 0.2],
  ['HISTORY_DECLARED', 0.15],
] as const;

export type CandidateStageReached = (typeof CANDIDATE_STAGES)[number][0];

/** A count at a scale: never below `minimum` (a province at scale 0.01 still has a commune). */
export function scaled(base: number, scale: number, minimum = 1): number {
  return Math.max(minimum, Math.round(base * scale));
}
