import { addMonths } from '@dangvien/domain';
import type { CalendarDate, RuleSetTable } from '@dangvien/domain';
import type { WorkingCalendar } from '@dangvien/calendar-vn';
import type { AdmissionRules } from './admission-rules';
import type { Candidate } from './candidate';
import { reachedOn } from './candidate';

export const DEADLINE_KINDS = [
  'ADMISSION_DECISION',
  'CEREMONY',
  'MEMBER_FORM',
  'RECOGNITION_VOTE',
  'RECOGNITION_DECISION',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export type DeadlineStatus = 'OPEN' | 'DUE_SOON' | 'PASSED' | 'MET' | 'MET_LATE';

/** One deadline of a candidate, counted in working days by the rules in force when it started. */
export interface Deadline {
  kind: DeadlineKind;
  /** The day it counts from (the cell resolution, the decision received, the ceremony, the probation's end…). */
  from: CalendarDate;
  dueOn: CalendarDate;
  /** When it was met, if it was. */
  metOn: CalendarDate | null;
  rule: string;
  legalReference: string;
}

/**
 * The deadlines a candidate's steps so far have started. Each is judged by the rule set in force on the
 * day it started (a cell that voted before a change is held to the rules of that day).
 */
export function deadlinesOf(
  candidate: Candidate,
  rules: RuleSetTable<AdmissionRules>,
  calendar: WorkingCalendar,
): Deadline[] {
  const deadlines: Deadline[] = [];
  const ended = (stage: 'REMOVED' | 'WITHDRAWN' | 'REJECTED') => reachedOn(candidate, stage);
  const stop = ended('WITHDRAWN') ?? ended('REJECTED');
  const cell = reachedOn(candidate, 'CELL_RESOLVED');
  if (cell) {
    const r = rules.at(cell);
    const days = r.decisionWorkingDays + (candidate.decision?.extension ? r.decisionExtensionWorkingDays : 0);
    deadlines.push({
      kind: 'ADMISSION_DECISION',
      from: cell,
      dueOn: calendar.addWorkingDays(cell, days),
      metOn: candidate.decision?.date ?? stop,
      rule: `the competent committee decides within ${r.decisionWorkingDays} working days of the cell resolution (+${r.decisionExtensionWorkingDays} if extended)`,
      legalReference: r.references.decision,
    });
  }
  if (candidate.decision) {
    const r = rules.at(candidate.decision.receivedOn);
    deadlines.push({
      kind: 'CEREMONY',
      from: candidate.decision.receivedOn,
      dueOn: calendar.addWorkingDays(candidate.decision.receivedOn, r.ceremonyWorkingDays),
      metOn: candidate.ceremonyDate ?? stop,
      rule: `the admission ceremony within ${r.ceremonyWorkingDays} working days of receiving the decision`,
      legalReference: r.references.ceremony,
    });
  }
  if (candidate.ceremonyDate) {
    const r = rules.at(candidate.ceremonyDate);
    const removed = ended('REMOVED');
    deadlines.push({
      kind: 'MEMBER_FORM',
      from: candidate.ceremonyDate,
      dueOn: calendar.addWorkingDays(candidate.ceremonyDate, r.memberFormWorkingDays),
      metOn: candidate.memberFormFiledOn ?? removed,
      rule: `the member form (2-HSĐV) filed within ${r.memberFormWorkingDays} working days of the ceremony`,
      legalReference: r.references.memberForm,
    });
    const end = addMonths(candidate.ceremonyDate, r.probationMonths);
    const vote = candidate.recognitionVote?.date ?? null;
    deadlines.push({
      kind: 'RECOGNITION_VOTE',
      from: end,
      dueOn: calendar.addWorkingDays(end, r.recognitionVoteWorkingDays),
      metOn: vote ?? removed,
      rule: `the cell votes on recognition within ${r.recognitionVoteWorkingDays} working days after the ${r.probationMonths} months of probation`,
      legalReference: r.references.probation,
    });
    if (vote) {
      const rv = rules.at(vote);
      deadlines.push({
        kind: 'RECOGNITION_DECISION',
        from: vote,
        dueOn: calendar.addWorkingDays(vote, rv.recognitionDecisionWorkingDays),
        metOn: reachedOn(candidate, 'OFFICIAL') ?? removed,
        rule: `the competent committee decides on recognition within ${rv.recognitionDecisionWorkingDays} working days of the cell's vote`,
        legalReference: rv.references.probation,
      });
    }
  }
  return deadlines;
}

/** Where a deadline stands on `asOf`: due soon when `notice` working days away or fewer. */
export function deadlineStatus(
  deadline: Deadline,
  asOf: CalendarDate,
  notice: number,
  calendar: WorkingCalendar,
): DeadlineStatus {
  if (deadline.metOn !== null && deadline.metOn <= asOf) {
    return deadline.metOn > deadline.dueOn ? 'MET_LATE' : 'MET';
  }
  if (asOf > deadline.dueOn) return 'PASSED';
  return calendar.workingDaysBetween(asOf, deadline.dueOn) <= notice ? 'DUE_SOON' : 'OPEN';
}
