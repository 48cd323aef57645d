import { CLASSIFICATION_LEVELS } from '@dangvien/contracts';
import type { ClassificationLevel, ReviewSubjectKind } from '@dangvien/contracts';
import { Refusal } from '@dangvien/domain';
import type { ClassificationRuleSet, Disqualifier } from './classification-rules';
import { DISQUALIFIER_DESCRIPTIONS } from './classification-rules';
import { RULES } from './rules';

/** The two parts of the 100-point scale, as the step enters them. */
export interface StepScores {
  commonCriteria: number;
  taskResults: number;
}

/** The tasks of the year: how many, how many done, done on time, exceeded. */
export interface TaskCounts {
  total: number;
  completed: number;
  onTime: number;
  exceeded: number;
}

export interface ClassifyInput {
  subjectKind: ReviewSubjectKind;
  scores: StepScores;
  tasks: TaskCounts;
  /** The committee's findings (disqualifiers it entered). */
  findings: readonly Disqualifier[];
  /** Disqualifiers the events of other services establish (a member disciplined in the year). */
  facts: readonly Disqualifier[];
  /** An organisation's subordinate units at the end of the period, and how many were disciplined. */
  subordinates?: { total: number; disciplined: number } | null;
}

/** Why a level better than the one allowed is out of reach. */
export interface Blocked {
  level: ClassificationLevel;
  rule: string;
  message: string;
}

export interface Classification {
  /** The total on the 100-point scale, to the hundredth. */
  score: number;
  /** The best level the rules allow. */
  highest: ClassificationLevel;
  disqualifiers: Disqualifier[];
  /** For each level better than `highest`, the first rule that keeps it out of reach. */
  blocked: Blocked[];
}

/** Scores are kept to the hundredth and compared as integers: 89.9 + 0.1 is exactly 90. */
export const hundredths = (points: number): number => Math.round(points * 100);
const points = (h: number): number => h / 100;

const rank = (level: ClassificationLevel): number => CLASSIFICATION_LEVELS.indexOf(level);
/** Whether `a` is a better level than `b`. */
export const isBetter = (a: ClassificationLevel, b: ClassificationLevel): boolean => rank(a) < rank(b);

function validate(rules: ClassificationRuleSet, input: ClassifyInput): void {
  const { scores, tasks } = input;
  const ranges: [keyof StepScores, number][] = [
    ['commonCriteria', rules.scale.commonCriteria],
    ['taskResults', rules.scale.taskResults],
  ];
  for (const [field, max] of ranges) {
    const value = scores[field];
    if (!Number.isFinite(value) || value < 0 || value > max) {
      throw new Refusal(
        RULES.scoreOutOfRange,
        `${field} must be between 0 and ${max} points, got ${value}`,
        ['scores', field],
        rules.legalReference,
      );
    }
  }
  const counts = [tasks.total, tasks.completed, tasks.onTime, tasks.exceeded];
  const problem = !counts.every((n) => Number.isInteger(n) && n >= 0)
    ? 'task counts must be whole numbers, not negative'
    : tasks.total < 1
      ? 'at least one task must be counted'
      : tasks.completed > tasks.total
        ? 'more tasks completed than there are'
        : tasks.onTime > tasks.completed
          ? 'more tasks done on time than completed'
          : tasks.exceeded > tasks.completed
            ? 'more tasks exceeded than completed'
            : null;
  if (problem) throw new Refusal(RULES.tasksInvalid, problem, ['tasks']);
  const subordinates = input.subordinates;
  if (subordinates && (subordinates.disciplined < 0 || subordinates.disciplined > subordinates.total)) {
    throw new Refusal(
      RULES.tasksInvalid,
      `${subordinates.disciplined} disciplined of ${subordinates.total} subordinate units`,
      ['disciplinedSubordinateUnits'],
    );
  }
  for (const code of input.findings) {
    const rule = rules.disqualifiers.find((d) => d.code === code);
    if (
      !rule ||
      !rule.subjects.includes(input.subjectKind) ||
      rule.source === 'TASKS' ||
      rule.source === 'SUBORDINATES'
    ) {
      throw new Refusal(
        RULES.findingNotApplicable,
        rule && (rule.source === 'TASKS' || rule.source === 'SUBORDINATES')
          ? `${code} is computed from the counts entered, not entered as a finding`
          : `${code} is not a finding about ${input.subjectKind === 'MEMBER' ? 'a member' : 'an organisation'} under ${rules.legalReference}`,
        ['findings'],
        rules.legalReference,
      );
    }
  }
}

/** The disqualifiers that hold: computed from the counts, established by facts, or found. */
function disqualifiersOf(rules: ClassificationRuleSet, input: ClassifyInput): Disqualifier[] {
  const found = new Set<Disqualifier>();
  for (const rule of rules.disqualifiers) {
    if (!rule.subjects.includes(input.subjectKind)) continue;
    const { tasks, subordinates } = input;
    const holds =
      rule.source === 'TASKS'
        ? tasks.completed * 100 < rules.minTargetsPercent * tasks.total
        : rule.source === 'SUBORDINATES'
          ? !!subordinates &&
            subordinates.disciplined * 100 > rules.maxSubordinatesDisciplinedPercent * subordinates.total
          : input.findings.includes(rule.code) || input.facts.includes(rule.code);
    if (holds) found.add(rule.code);
  }
  return [...found];
}

/**
 * Classifies one step of a review by the rules (DOMAIN.md §5): the total of the two parts, then the
 * best level whose band and conditions hold — EXCELLENT ≥ 90 with every task on time and ≥ 30% exceeded,
 * GOOD ≥ 70 with every task done, COMPLETED ≥ 50 — unless a disqualifier forces NOT_COMPLETED.
 * Refuses scores outside the scale, impossible task counts and findings the rules do not know.
 */
export function classify(rules: ClassificationRuleSet, input: ClassifyInput): Classification {
  validate(rules, input);
  const total = hundredths(input.scores.commonCriteria) + hundredths(input.scores.taskResults);
  const { tasks } = input;
  const disqualifiers = disqualifiersOf(rules, input);
  const reasons: Record<Exclude<ClassificationLevel, 'NOT_COMPLETED'>, Blocked | null> = {
    EXCELLENT: null,
    GOOD: null,
    COMPLETED: null,
  };
  const block = (level: ClassificationLevel, rule: string, message: string): Blocked => ({
    level,
    rule,
    message,
  });
  const score = points(total);
  if (disqualifiers.length > 0) {
    const why = disqualifiers.map((d) => DISQUALIFIER_DESCRIPTIONS[d]).join('; ');
    for (const level of ['EXCELLENT', 'GOOD', 'COMPLETED'] as const) {
      reasons[level] = block(level, RULES.disqualified, `Disqualified (${disqualifiers.join(', ')}): ${why}`);
    }
  } else {
    const { bands } = rules;
    if (total < hundredths(bands.excellent)) {
      reasons.EXCELLENT = block(
        'EXCELLENT',
        RULES.excellentScore,
        `EXCELLENT needs ${bands.excellent} points, the score is ${score}`,
      );
    } else if (rules.excellent.allTasksOnTime && tasks.onTime < tasks.total) {
      reasons.EXCELLENT = block(
        'EXCELLENT',
        RULES.excellentOnTime,
        `EXCELLENT needs every task done on time: ${tasks.onTime} of ${tasks.total}`,
      );
    } else if (tasks.exceeded * 100 < rules.excellent.minExceededPercent * tasks.total) {
      reasons.EXCELLENT = block(
        'EXCELLENT',
        RULES.excellentExceeded,
        `EXCELLENT needs at least ${rules.excellent.minExceededPercent}% of the tasks exceeded: ${tasks.exceeded} of ${tasks.total}`,
      );
    }
    if (total < hundredths(bands.good)) {
      reasons.GOOD = block('GOOD', RULES.goodScore, `GOOD needs ${bands.good} points, the score is ${score}`);
    } else if (rules.good.allTasksCompleted && tasks.completed < tasks.total) {
      reasons.GOOD = block(
        'GOOD',
        RULES.goodCompleted,
        `GOOD needs every task done: ${tasks.completed} of ${tasks.total}`,
      );
    }
    if (total < hundredths(bands.completed)) {
      reasons.COMPLETED = block(
        'COMPLETED',
        RULES.completedScore,
        `COMPLETED needs ${bands.completed} points, the score is ${score}`,
      );
    }
    // A level needs what every lower level needs: GOOD's conditions hold for EXCELLENT too.
    reasons.EXCELLENT ??= reasons.GOOD ?? reasons.COMPLETED;
    reasons.GOOD ??= reasons.COMPLETED;
  }
  const highest =
    (['EXCELLENT', 'GOOD', 'COMPLETED'] as const).find((level) => reasons[level] === null) ?? 'NOT_COMPLETED';
  const blocked = (['EXCELLENT', 'GOOD', 'COMPLETED'] as const)
    .filter((level) => isBetter(level, highest))
    .map((level) => reasons[level]!);
  return { score, highest, disqualifiers, blocked };
}

/**
 * The level a step records: the one asked for, which may be lower than the rules allow (the committee's
 * judgement) but never higher; the best allowed when none is asked for.
 */
export function levelFor(
  rules: ClassificationRuleSet,
  classification: Classification,
  requested: ClassificationLevel | null | undefined,
  field: readonly string[] = ['level'],
): ClassificationLevel {
  if (!requested) return classification.highest;
  if (!isBetter(requested, classification.highest)) return requested;
  const reason = classification.blocked.find((b) => b.level === requested)!;
  throw new Refusal(reason.rule, reason.message, field, rules.legalReference);
}

/** Only an EXCELLENT level may be marked exemplary (tiêu biểu). */
export function checkExemplary(level: ClassificationLevel, exemplary: boolean, legalReference: string): void {
  if (exemplary && level !== 'EXCELLENT') {
    throw new Refusal(
      RULES.exemplaryRequiresExcellent,
      `Only an EXCELLENT classification can be exemplary, not ${level}`,
      ['exemplary'],
      legalReference,
    );
  }
}
