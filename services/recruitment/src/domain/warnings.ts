import type { WarningCode, WarningSubject } from '@dangvien/contracts';
import { addYears } from '@dangvien/domain';
import type { CalendarDate, RuleSetTable } from '@dangvien/domain';
import type { WorkingCalendar } from '@dangvien/calendar-vn';
import type { AdmissionRules, WarningThresholds } from './admission-rules';
import type { Candidate } from './candidate';
import { activeIntroducers, BEFORE_ADMISSION } from './candidate';
import { deadlinesOf, deadlineStatus } from './deadlines';
import type { MemberFacts } from './membership';
import { introducerLapse } from './membership';
import type { Plan, PlanProgress } from './plans';
import { structureMissed } from './plans';

/** One early warning: the entity, the rule, and why it holds on `asOf`. */
export interface Warning {
  id: string;
  code: WarningCode;
  organisationId: string;
  subjectKind: WarningSubject;
  subjectId: string;
  rule: string;
  legalReference: string | null;
  message: string;
  dueOn: CalendarDate | null;
}

export interface LocalityView {
  id: string;
  name: string;
  communeId: string;
  /** The head in office on asOf: their member id when a Party member. */
  head: { name: string; memberId: string | null } | null;
}

export interface WarningInput {
  asOf: CalendarDate;
  candidates: readonly Candidate[];
  plans: readonly { plan: Plan; progress: PlanProgress }[];
  localities: readonly LocalityView[];
  /** The last admission decision per locality (from every candidate ever, not only those in view). */
  lastAdmissionByLocality: ReadonlyMap<string, CalendarDate>;
  members: ReadonlyMap<string, MemberFacts>;
  rules: RuleSetTable<AdmissionRules>;
  thresholds: RuleSetTable<WarningThresholds>;
  calendar: WorkingCalendar;
}

/** Every warning that holds on `asOf` for the candidates, plans and localities given. */
export function warningsOf(input: WarningInput): Warning[] {
  const { asOf, calendar } = input;
  const t = input.thresholds.at(asOf);
  const warnings: Warning[] = [];
  for (const candidate of input.candidates) {
    for (const deadline of deadlinesOf(candidate, input.rules, calendar)) {
      const status = deadlineStatus(deadline, asOf, t.deadlineNoticeWorkingDays, calendar);
      if (status !== 'DUE_SOON' && status !== 'PASSED') continue;
      const code: WarningCode = status === 'PASSED' ? 'DEADLINE_PASSED' : 'DEADLINE_APPROACHING';
      warnings.push({
        id: `${code}:${deadline.kind}:${candidate.id}`,
        code,
        organisationId: candidate.organisationId,
        subjectKind: 'CANDIDATE',
        subjectId: candidate.id,
        rule: `${deadline.kind}: ${deadline.rule}`,
        legalReference: deadline.legalReference,
        message:
          status === 'PASSED'
            ? `${deadline.kind} was due by ${deadline.dueOn} and is not recorded (candidate at ${candidate.stage})`
            : `${deadline.kind} is due by ${deadline.dueOn}, ${calendar.workingDaysBetween(asOf, deadline.dueOn)} working day(s) from ${asOf}`,
        dueOn: deadline.dueOn,
      });
    }
    if (BEFORE_ADMISSION.includes(candidate.stage)) {
      for (const introducer of activeIntroducers(candidate)) {
        const lapse = introducerLapse(
          input.members.get(introducer.memberId),
          candidate.organisationId,
          introducer.since,
          asOf,
        );
        if (!lapse) continue;
        const r = input.rules.at(asOf);
        warnings.push({
          id: `INTRODUCER_REPLACEMENT_NEEDED:${introducer.memberId}:${candidate.id}`,
          code: 'INTRODUCER_REPLACEMENT_NEEDED',
          organisationId: candidate.organisationId,
          subjectKind: 'CANDIDATE',
          subjectId: candidate.id,
          rule: 'an introducer who moves away or is disciplined is replaced by another official member',
          legalReference: r.references.introducers,
          message: `Introducer ${introducer.memberId} ${lapse === 'MOVED' ? 'moved away' : lapse === 'LEFT' ? 'left the Party' : 'was disciplined'}: the cell assigns another official member`,
          dueOn: null,
        });
      }
    }
  }
  for (const { plan, progress } of input.plans) {
    if (progress.pace === 'BEHIND' && asOf.startsWith(`${plan.year}-`)) {
      warnings.push({
        id: `PLAN_BEHIND_PACE:${plan.id}`,
        code: 'PLAN_BEHIND_PACE',
        organisationId: plan.organisationId,
        subjectKind: 'PLAN',
        subjectId: plan.id,
        rule: `admissions keep pace with the quota over the year (tolerance ${Math.round(t.planPaceTolerance * 100)}%)`,
        legalReference: t.legalReference,
        message: `${progress.admitted} of ${progress.quota} admitted by ${asOf}, ${progress.expectedByNow} expected: ${progress.behindBy} behind`,
        dueOn: null,
      });
    }
    const missed = structureMissed(progress);
    if (missed.length > 0) {
      warnings.push({
        id: `NUMBERS_OVER_STRUCTURE:${plan.id}`,
        code: 'NUMBERS_OVER_STRUCTURE',
        organisationId: plan.organisationId,
        subjectKind: 'PLAN',
        subjectId: plan.id,
        rule: 'the quota is met with the structure the plan set',
        legalReference: t.legalReference,
        message: `Quota met (${progress.admitted}/${progress.quota}) but the targets for ${missed.join(', ')} are missed`,
        dueOn: null,
      });
    }
  }
  const since = addYears(asOf, -t.localityWithoutAdmissionYears);
  for (const locality of input.localities) {
    const last = input.lastAdmissionByLocality.get(locality.id) ?? null;
    if (last === null || last < since) {
      warnings.push({
        id: `LOCALITY_WITHOUT_ADMISSION:${locality.id}`,
        code: 'LOCALITY_WITHOUT_ADMISSION',
        organisationId: locality.communeId,
        subjectKind: 'LOCALITY',
        subjectId: locality.id,
        rule: `every village and residential group admits members: none in ${t.localityWithoutAdmissionYears} years is flagged`,
        legalReference: t.legalReference,
        message: `${locality.name}: no admission since ${last ?? 'records began'} (flagged after ${t.localityWithoutAdmissionYears} years)`,
        dueOn: null,
      });
    }
    if (locality.head && locality.head.memberId === null) {
      warnings.push({
        id: `VILLAGE_HEAD_NOT_MEMBER:${locality.id}`,
        code: 'VILLAGE_HEAD_NOT_MEMBER',
        organisationId: locality.communeId,
        subjectKind: 'LOCALITY',
        subjectId: locality.id,
        rule: 'village heads who are not Party members are listed as candidate sources',
        legalReference: t.legalReference,
        message: `The head of ${locality.name} is not a Party member: a candidate source`,
        dueOn: null,
      });
    }
  }
  return warnings;
}
