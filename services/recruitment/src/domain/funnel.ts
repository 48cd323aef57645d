import type { CandidateStage } from '@dangvien/contracts';
import { daysBetween } from '@dangvien/domain';
import type { Candidate } from './candidate';

/** The procedure's stages in order, as the funnel counts them (ends outside the path are exits). */
export const FUNNEL_STAGES: readonly CandidateStage[] = [
  'LISTED',
  'CLASS_CERTIFIED',
  'APPLIED',
  'HISTORY_DECLARED',
  'INTRODUCED',
  'VERIFIED',
  'CELL_RESOLVED',
  'GRASSROOTS_RESOLVED',
  'DECIDED',
  'PROBATIONARY',
  'RECOGNITION_PROPOSED',
  'OFFICIAL',
];
const EXITS: readonly CandidateStage[] = ['WITHDRAWN', 'REJECTED', 'REMOVED'];

export interface FunnelStage {
  stage: CandidateStage;
  /** Candidates who reached this stage in the year. */
  reached: number;
  /** Share of those who reached the previous stage in the year (null for the first, or none before). */
  conversion: number | null;
  /** Median days from the previous step to this one, over those who reached it in the year. */
  medianDays: number | null;
  /** Candidates at this stage now (as of the end of the period looked at). */
  current: number;
}

export interface Funnel {
  year: number;
  candidates: number;
  stages: FunnelStage[];
  exits: { stage: CandidateStage; count: number }[];
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Counts per stage for `year`: who reached each stage in the year, the conversion from the stage
 * before, the median days the step took, and where candidates stand now. A grassroots cell's
 * candidates skip GRASSROOTS_RESOLVED: their decision step is timed from the cell resolution.
 */
export function funnelOf(candidates: readonly Candidate[], year: number): Funnel {
  const prefix = `${year}-`;
  const reached = new Map<CandidateStage, number>(FUNNEL_STAGES.map((s) => [s, 0]));
  const durations = new Map<CandidateStage, number[]>(FUNNEL_STAGES.map((s) => [s, []]));
  const current = new Map<CandidateStage, number>();
  const exits = new Map<CandidateStage, number>(EXITS.map((s) => [s, 0]));
  let involved = 0;
  for (const candidate of candidates) {
    let touched = false;
    let previous: string | null = null;
    for (const step of [
      { stage: 'LISTED' as CandidateStage, date: candidate.listedOn },
      ...candidate.steps,
    ]) {
      if (step.date.startsWith(prefix)) {
        touched = true;
        if (reached.has(step.stage)) {
          reached.set(step.stage, reached.get(step.stage)! + 1);
          if (previous !== null) durations.get(step.stage)!.push(daysBetween(previous, step.date));
        } else if (exits.has(step.stage)) {
          exits.set(step.stage, exits.get(step.stage)! + 1);
        }
      }
      previous = step.date;
    }
    if (touched) {
      involved += 1;
      current.set(candidate.stage, (current.get(candidate.stage) ?? 0) + 1);
    }
  }
  let before: number | null = null;
  const stages = FUNNEL_STAGES.map((stage) => {
    const count = reached.get(stage)!;
    // GRASSROOTS_RESOLVED is skipped by grassroots cells: convert DECIDED from the larger of the two before.
    const base: number | null =
      stage === 'DECIDED' ? Math.max(before ?? 0, reached.get('CELL_RESOLVED')!) : before;
    const row: FunnelStage = {
      stage,
      reached: count,
      conversion: base ? Math.round((count / base) * 1000) / 1000 : null,
      medianDays: median(durations.get(stage)!),
      current: current.get(stage) ?? 0,
    };
    before = count;
    return row;
  });
  return {
    year,
    candidates: involved,
    stages,
    exits: EXITS.map((stage) => ({ stage, count: exits.get(stage)! })),
  };
}
