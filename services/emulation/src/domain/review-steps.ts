import type { ClassificationLevel, DecisionReference, ReviewSubjectKind } from '@dangvien/contracts';
import { isCalendarDate, Refusal } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import type { ClassificationRuleSet, Disqualifier } from './classification-rules';
import type { StepScores, TaskCounts } from './classify';
import { checkExemplary, classify, levelFor } from './classify';
import type { ReviewPeriod } from './periods';
import { RULES } from './rules';

/** The three steps of a review, in order (DOMAIN.md §5). */
export const STEP_KINDS = ['SELF_ASSESSMENT', 'PROPOSAL', 'DECISION'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** One step as recorded: what was entered, and what the rules made of it. */
export interface StepRecord {
  kind: StepKind;
  date: CalendarDate;
  scores: StepScores;
  tasks: TaskCounts;
  findings: Disqualifier[];
  /** Every disqualifier that held (computed, from facts, or found). */
  disqualifiers: Disqualifier[];
  score: number;
  level: ClassificationLevel;
  /** The best level the rules allowed (the step may record a lower one). */
  highest: ClassificationLevel;
  exemplary: boolean;
  comment: string | null;
  /** Who recorded it (the caller's subject). */
  by: string | null;
  decision: DecisionReference | null;
  /** DECISION only: 1, then 2, 3… for revisions, with the reason. */
  revision: number;
  revisionReason: string | null;
}

export interface StepInput {
  date?: CalendarDate | null;
  scores: StepScores;
  tasks: TaskCounts;
  findings?: Disqualifier[] | null;
  level?: ClassificationLevel | null;
  exemplary?: boolean | null;
  comment?: string | null;
  decision?: DecisionReference | null;
  revisionReason?: string | null;
  /** Organisations: how many of their subordinate units were disciplined in the period. */
  disciplinedSubordinateUnits?: number | null;
}

/** What the review has so far: the earlier steps and the current decision. */
export interface ReviewSoFar {
  selfAssessment: StepRecord | null;
  proposal: StepRecord | null;
  decision: StepRecord | null;
}

const WORDS: Record<StepKind, string> = {
  SELF_ASSESSMENT: 'the self-assessment',
  PROPOSAL: "the cell's proposal",
  DECISION: "the committee's decision",
};

/** The order of the steps: each needs the one before; an earlier step is final once a later one exists. */
export function checkStepOrder(
  kind: StepKind,
  review: ReviewSoFar,
  input: Pick<StepInput, 'revisionReason'>,
): void {
  const refuse = (code: string, message: string, field: string | null = null) => {
    throw new Refusal(code, message, field ? [field] : null);
  };
  if (kind === 'SELF_ASSESSMENT' && review.proposal) {
    refuse(
      RULES.stepSuperseded,
      `${WORDS.PROPOSAL} has been made: ${WORDS.SELF_ASSESSMENT} can no longer change`,
    );
  }
  if (kind === 'PROPOSAL') {
    if (!review.selfAssessment)
      refuse(RULES.stepOutOfOrder, `${WORDS.PROPOSAL} needs ${WORDS.SELF_ASSESSMENT} first`);
    if (review.decision)
      refuse(RULES.stepSuperseded, `${WORDS.DECISION} has been made: ${WORDS.PROPOSAL} can no longer change`);
  }
  if (kind === 'DECISION') {
    if (!review.proposal) refuse(RULES.stepOutOfOrder, `${WORDS.DECISION} needs ${WORDS.PROPOSAL} first`);
    if (review.decision && !input.revisionReason?.trim()) {
      refuse(
        RULES.revisionReasonRequired,
        'A decision already stands: revising it needs a reason',
        'revisionReason',
      );
    }
  }
}

/**
 * Records one step: checks its date against the period, classifies it by the period's rules and
 * the facts the events establish, and keeps the level asked for only if the rules allow it.
 */
export function recordStep(
  rules: ClassificationRuleSet,
  period: ReviewPeriod,
  kind: StepKind,
  subjectKind: ReviewSubjectKind,
  input: StepInput,
  context: {
    today: CalendarDate;
    by: string | null;
    facts: readonly Disqualifier[];
    subordinateUnits: number;
    previous: StepRecord | null;
  },
): StepRecord {
  if (period.status === 'CLOSED') {
    throw new Refusal(RULES.periodClosed, `Review period ${period.name} is closed`, ['periodId']);
  }
  const date = input.date ?? context.today;
  if (!isCalendarDate(date) || date < period.startDate) {
    throw new Refusal(RULES.stepDateInvalid, `${date} is before the period starts (${period.startDate})`, [
      'date',
    ]);
  }
  const findings = [...new Set(input.findings ?? [])];
  const disciplined = input.disciplinedSubordinateUnits ?? null;
  const classification = classify(rules, {
    subjectKind,
    scores: input.scores,
    tasks: input.tasks,
    findings,
    facts: context.facts,
    subordinates:
      subjectKind === 'ORGANISATION' && disciplined !== null
        ? { total: context.subordinateUnits, disciplined }
        : null,
  });
  const level = levelFor(rules, classification, input.level);
  const exemplary = kind === 'DECISION' ? (input.exemplary ?? false) : false;
  checkExemplary(level, exemplary, rules.legalReference);
  const revision = kind === 'DECISION' ? (context.previous?.revision ?? 0) + 1 : 1;
  return {
    kind,
    date,
    scores: { commonCriteria: input.scores.commonCriteria, taskResults: input.scores.taskResults },
    tasks: { ...input.tasks },
    findings,
    disqualifiers: classification.disqualifiers,
    score: classification.score,
    level,
    highest: classification.highest,
    exemplary,
    comment: input.comment?.trim() || null,
    by: context.by,
    decision: kind === 'DECISION' ? (input.decision ?? null) : null,
    revision,
    revisionReason: revision > 1 ? input.revisionReason!.trim() : null,
  };
}
