import type { Criterion, CriterionConfig, UnitFacts } from './criteria';
import { CRITERION_DEFINITIONS, pointsFor } from './criteria';
import type { CriteriaSet } from './criteria-sets';

/** One line of a score's breakdown: what was measured against what, and the points it gave. */
export interface BreakdownLine {
  criterion: Criterion;
  applicable: boolean;
  /** The raw value (a share 0–1, or a count); null when it does not apply. */
  raw: number | null;
  numerator: number | null;
  denominator: number | null;
  target: number;
  points: number;
  maxPoints: number;
  /** Why it does not apply, or what it waits for. */
  note: string | null;
}

export interface UnitScore {
  /** 0–100 over the criteria that apply, to the hundredth; null when none applies. */
  score: number | null;
  breakdown: BreakdownLine[];
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

function line(config: CriterionConfig, facts: UnitFacts): { line: BreakdownLine; exact: number } {
  const definition = CRITERION_DEFINITIONS[config.code];
  const measure = definition.measure(facts, config);
  if (!measure) {
    const waiting = definition.waitingFor.length > 0 ? `; waits for ${definition.waitingFor.join(', ')}` : '';
    return {
      line: {
        criterion: config.code,
        applicable: false,
        raw: null,
        numerator: null,
        denominator: null,
        target: config.target,
        points: 0,
        maxPoints: config.weight,
        note: `nothing to measure for this unit${waiting}`,
      },
      exact: 0,
    };
  }
  const exact = pointsFor(definition, config, measure);
  return {
    line: {
      criterion: config.code,
      applicable: true,
      raw: Math.round(measure.raw * 10_000) / 10_000,
      numerator: measure.numerator,
      denominator: measure.denominator,
      target: definition.unit === 'COUNT' ? measure.denominator : config.target,
      points: round2(exact),
      maxPoints: config.weight,
      note: definition.waitingFor.length > 0 ? `partial until ${definition.waitingFor.join(', ')}` : null,
    },
    exact,
  };
}

/**
 * A unit's emulation score with its breakdown: each criterion's points over the weights of the
 * criteria that apply, scaled to 100. Computed from the exact points, shown rounded to the hundredth.
 */
export function scoreUnit(set: CriteriaSet, facts: UnitFacts): UnitScore {
  let earned = 0;
  let possible = 0;
  const breakdown = set.criteria.map((config) => {
    const { line: result, exact } = line(config, facts);
    if (result.applicable) {
      earned += exact;
      possible += config.weight;
    }
    return result;
  });
  return { score: possible > 0 ? round2((earned / possible) * 100) : null, breakdown };
}
