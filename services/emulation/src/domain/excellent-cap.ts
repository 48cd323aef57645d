import type { ClassificationLevel, ReviewSubjectKind } from '@dangvien/contracts';
import { Refusal } from '@dangvien/domain';
import type { ClassificationRuleSet } from './classification-rules';
import { RULES } from './rules';

/** How many decisions of a scope are at each level. */
export type LevelCounts = Record<ClassificationLevel, number>;

export const NO_LEVELS: LevelCounts = { EXCELLENT: 0, GOOD: 0, COMPLETED: 0, NOT_COMPLETED: 0 };

export function countLevels(levels: Iterable<ClassificationLevel>): LevelCounts {
  const counts = { ...NO_LEVELS };
  for (const level of levels) counts[level] += 1;
  return counts;
}

/** How many EXCELLENT decisions the cap allows for these counts. */
export function excellentAllowed(
  rules: ClassificationRuleSet,
  subjectKind: ReviewSubjectKind,
  counts: LevelCounts,
): { allowed: number; denominator: number } {
  const cap = rules.excellentCap[subjectKind];
  const denominator =
    cap.of === 'GOOD'
      ? counts.GOOD
      : cap.of === 'GOOD_OR_BETTER'
        ? counts.GOOD + counts.EXCELLENT
        : counts.EXCELLENT + counts.GOOD + counts.COMPLETED + counts.NOT_COMPLETED;
  // Integer arithmetic: 20% of 14 allows 2 (2.8 rounded down), never 3.
  return { allowed: Math.floor((cap.percent * denominator) / 100), denominator };
}

const DENOMINATOR_WORDS = { GOOD: 'rated GOOD', GOOD_OR_BETTER: 'rated GOOD or better', GRADED: 'graded' };

/**
 * The excellent cap (DOMAIN.md §5): within one scope, at most `percent`% of the denominator may be
 * rated EXCELLENT. Checked on the scope's decisions after a change; a change that neither adds an
 * EXCELLENT nor lowers what the cap allows is never refused, so a scope already over the cap (rules
 * changed, a revision) can always be brought back under it.
 */
export function checkExcellentCap(
  rules: ClassificationRuleSet,
  subjectKind: ReviewSubjectKind,
  before: LevelCounts,
  after: LevelCounts,
  scopeName: string,
): void {
  const cap = rules.excellentCap[subjectKind];
  const was = excellentAllowed(rules, subjectKind, before);
  const now = excellentAllowed(rules, subjectKind, after);
  const worse = after.EXCELLENT > before.EXCELLENT || now.allowed < was.allowed;
  if (after.EXCELLENT > now.allowed && worse) {
    throw new Refusal(
      RULES.excellentCap,
      `${after.EXCELLENT} rated EXCELLENT in ${scopeName}: at most ${cap.percent}% of the ${now.denominator} ${DENOMINATOR_WORDS[cap.of]}, i.e. ${now.allowed}`,
      ['decisions'],
      rules.legalReference,
    );
  }
}
