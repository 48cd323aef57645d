import { z } from '@dangvien/config';
import { defineRuleSets } from '@dangvien/domain';
import type { DatedRuleSet, RuleSetTable } from '@dangvien/domain';
import shipped from '../rules/admission-rules.json';

/** A share of votes that carries a resolution: `numerator / denominator` of those counted. */
export interface Share {
  numerator: number;
  denominator: number;
}

/** Which regulation (and section) each rule of an entry comes from: what a refusal cites. */
export interface RuleReferences {
  age: string;
  certificate: string;
  introducers: string;
  cellVote: string;
  committeeVote: string;
  decision: string;
  ceremony: string;
  memberForm: string;
  probation: string;
}

/** Every number that gates a step of the admission procedure (DOMAIN.md §4), as dated data. */
export interface AdmissionRules extends DatedRuleSet {
  /** Age on the day the cell votes, in whole months: at least this (18 years = 216). */
  minAgeMonths: number;
  /** At most this (60 years = 720); older only with the provincial committee's written consent. */
  maxAgeMonths: number;
  /** Up to this age (in whole years) the Youth Union committee may stand in for one introducer. */
  youthUnionMaxAgeYears: number;
  introducersRequired: number;
  /** Months an introducer must have shared a unit with the candidate (not for a replacement). */
  introducerSharedMonths: number;
  certificateValidityMonths: number;
  /** Of all the cell's official members (present or not, less those on temporary transfer elsewhere). */
  cellApproval: Share;
  /** Of the grassroots committee's members. */
  committeeApproval: Share;
  /** The competent committee decides within this many working days of the cell resolution… */
  decisionWorkingDays: number;
  /** …extendable by at most this many. */
  decisionExtensionWorkingDays: number;
  /** The ceremony within this many working days of receiving the decision (later: upper committee's consent). */
  ceremonyWorkingDays: number;
  /** The member form (2-HSĐV) filed within this many working days of the ceremony. */
  memberFormWorkingDays: number;
  probationMonths: number;
  /** The cell votes on recognition within this many working days after the probation ends… */
  recognitionVoteWorkingDays: number;
  /** …and the competent committee decides within this many of that vote. */
  recognitionDecisionWorkingDays: number;
  references: RuleReferences;
}

/** How early and how strict the warnings are: a local setting, dated like the rules. */
export interface WarningThresholds extends DatedRuleSet {
  /** A deadline this many working days away (or fewer) is announced. */
  deadlineNoticeWorkingDays: number;
  /** A locality with no admission in this many years is listed. */
  localityWithoutAdmissionYears: number;
  /** A plan is behind pace when admissions fall short of the expected count by more than this share. */
  planPaceTolerance: number;
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const count = z.number().int().min(0);
const share = z
  .object({ numerator: z.number().int().min(1), denominator: z.number().int().min(1) })
  .refine((s) => s.numerator <= s.denominator, 'a share is at most 1');
const dated = {
  effectiveFrom: date,
  effectiveUntil: date.nullable().optional(),
  legalReference: z.string().min(1),
};

const admissionRulesSchema = z.object({
  ...dated,
  minAgeMonths: count,
  maxAgeMonths: count,
  youthUnionMaxAgeYears: count,
  introducersRequired: z.number().int().min(1),
  introducerSharedMonths: count,
  certificateValidityMonths: z.number().int().min(1),
  cellApproval: share,
  committeeApproval: share,
  decisionWorkingDays: z.number().int().min(1),
  decisionExtensionWorkingDays: count,
  ceremonyWorkingDays: z.number().int().min(1),
  memberFormWorkingDays: z.number().int().min(1),
  probationMonths: z.number().int().min(1),
  recognitionVoteWorkingDays: z.number().int().min(1),
  recognitionDecisionWorkingDays: z.number().int().min(1),
  references: z.object({
    age: z.string().min(1),
    certificate: z.string().min(1),
    introducers: z.string().min(1),
    cellVote: z.string().min(1),
    committeeVote: z.string().min(1),
    decision: z.string().min(1),
    ceremony: z.string().min(1),
    memberForm: z.string().min(1),
    probation: z.string().min(1),
  }),
});

const thresholdsSchema = z.object({
  ...dated,
  deadlineNoticeWorkingDays: count,
  localityWithoutAdmissionYears: z.number().int().min(1),
  planPaceTolerance: z.number().min(0).max(1),
});

/** The shape of the rules file: the shipped one and any file appended to it. */
export const ruleFileSchema = z.object({
  admissionRules: z.array(admissionRulesSchema).default([]),
  warningThresholds: z.array(thresholdsSchema).default([]),
});
export type RuleFile = z.infer<typeof ruleFileSchema>;

export interface RuleBook {
  admission: RuleSetTable<AdmissionRules>;
  warnings: RuleSetTable<WarningThresholds>;
}

/**
 * The rule book: the shipped rule sets with `extra` entries (a newer regulation, from a file named by
 * the environment) merged in by date. An extra entry on the same day as a shipped one replaces it.
 * Every entry is checked; a bad one stops the start.
 */
export function createRuleBook(extra: unknown = null): RuleBook {
  const base = ruleFileSchema.parse(shipped);
  const added = extra === null ? { admissionRules: [], warningThresholds: [] } : ruleFileSchema.parse(extra);
  const merge = <T extends DatedRuleSet>(a: T[], b: T[]) => {
    const byDay = new Map(a.map((entry) => [entry.effectiveFrom, entry]));
    for (const entry of b) byDay.set(entry.effectiveFrom, entry);
    return [...byDay.values()].sort((x, y) => x.effectiveFrom.localeCompare(y.effectiveFrom));
  };
  return {
    admission: defineRuleSets('admission rules', merge(base.admissionRules, added.admissionRules)),
    warnings: defineRuleSets('warning thresholds', merge(base.warningThresholds, added.warningThresholds)),
  };
}

/** Whether `votes` of `of` reach `share` (2/3 of 9 needs 6; of 10 needs 7). */
export function reaches(votes: number, of: number, share: Share): boolean {
  return votes * share.denominator >= of * share.numerator;
}

/** The fewest votes of `of` that reach `share`. */
export function votesNeeded(of: number, share: Share): number {
  return Math.ceil((of * share.numerator) / share.denominator);
}
