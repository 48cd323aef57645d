import type { ClassificationLevel } from '@dangvien/contracts';
import type { CalendarDate } from '@dangvien/domain';
import type { UnitFacts } from './criteria';
import type { Contribution } from './membership';
import { countedOn, disciplinedIn } from './membership';
import type { LocalityRecord } from './localities';
import { coverageOn, headOn, localityAt } from './localities';
import { absorbedDuring } from './lineage';
import type { PlanOfYear } from './plans';
import { combinePlans } from './plans';
import type { OrganisationRecord, TreeOnDay } from './tree';

/** A member's decided classification for the year, where the member was counted at its end. */
export interface MemberDecision {
  memberId: string;
  organisationId: string;
  level: ClassificationLevel;
}

export interface InspectionFact {
  organisationId: string;
  status: 'PLANNED' | 'COMPLETED' | 'CANCELLED';
  plannedOn: CalendarDate;
  completedOn: CalendarDate | null;
}

/** Everything one year of one province is scored from. */
export interface YearInputs {
  year: number;
  rootId: string;
  records: ReadonlyMap<string, OrganisationRecord>;
  /** Per organisation, per member: the member's contribution to it. */
  contributions: ReadonlyMap<string, ReadonlyMap<string, Contribution>>;
  localities: readonly LocalityRecord[];
  memberDecisions: readonly MemberDecision[];
  inspections: readonly InspectionFact[];
  /** Per organisation, its admission plan of the year (recruitment's quota and structure targets). */
  plans: ReadonlyMap<string, PlanOfYear>;
  /** LOCALITIES_WITHOUT_ADMISSION looks back this many years. */
  localityYears: number;
}

type Own = Pick<
  UnitFacts,
  | 'membersAtStart'
  | 'admissions'
  | 'probationsEnded'
  | 'probationsRecognised'
  | 'disciplined'
  | 'membersGraded'
  | 'membersGoodOrBetter'
  | 'inspectionsPlanned'
  | 'inspectionsCompleted'
>;

const zero = (): Own => ({
  membersAtStart: 0,
  admissions: 0,
  probationsEnded: 0,
  probationsRecognised: 0,
  disciplined: 0,
  membersGraded: 0,
  membersGoodOrBetter: 0,
  inspectionsPlanned: 0,
  inspectionsCompleted: 0,
});

const inYear = (date: CalendarDate | null, year: number) => date !== null && date.startsWith(`${year}-`);

/** An organisation's own figures of the year: its members, not its subtree's. */
function ownFigures(inputs: YearInputs): Map<string, Own> {
  const { year } = inputs;
  const start = `${year}-01-01`;
  const own = new Map<string, Own>();
  const of = (id: string) => {
    let o = own.get(id);
    if (!o) own.set(id, (o = zero()));
    return o;
  };
  for (const [orgId, members] of inputs.contributions) {
    const o = of(orgId);
    for (const c of members.values()) {
      if (countedOn(c, start)) o.membersAtStart += 1;
      for (const [decided] of c.adm) if (inYear(decided, year)) o.admissions += 1;
      for (const [end, outcome] of c.pr) {
        if (!inYear(end, year) || outcome === 'LEFT') continue;
        o.probationsEnded += 1;
        if (outcome === 'OFFICIAL') o.probationsRecognised += 1;
      }
      if (disciplinedIn(c, year)) o.disciplined += 1;
    }
  }
  for (const decision of inputs.memberDecisions) {
    const o = of(decision.organisationId);
    o.membersGraded += 1;
    if (decision.level === 'EXCELLENT' || decision.level === 'GOOD') o.membersGoodOrBetter += 1;
  }
  for (const inspection of inputs.inspections) {
    const o = of(inspection.organisationId);
    if (inspection.status !== 'CANCELLED' && inYear(inspection.plannedOn, year)) o.inspectionsPlanned += 1;
    if (inspection.status === 'COMPLETED' && inYear(inspection.completedOn, year))
      o.inspectionsCompleted += 1;
  }
  return own;
}

/** Whether a locality had an admission in a cell covering it, in the years looked back over. */
function admittedIn(
  locality: LocalityRecord,
  admissionDays: ReadonlyMap<string, CalendarDate[]>,
  from: CalendarDate,
  to: CalendarDate,
): boolean {
  const cells = new Set<string>();
  for (const fact of locality.facts) if (fact.k === 'COVERAGE') fact.cellIds.forEach((c) => cells.add(c));
  for (const cell of cells) {
    for (const day of admissionDays.get(cell) ?? []) {
      if (day >= from && day <= to && coverageOn(locality, day).includes(cell)) return true;
    }
  }
  return false;
}

/**
 * The facts of every unit of the tree at the end of the year: its own figures, its subtree's and those
 * of the units absorbed into them during the year, and the localities it covers or that belong to it.
 */
export function unitFacts(inputs: YearInputs, tree: TreeOnDay): Map<string, UnitFacts> {
  const { year } = inputs;
  const end = `${year}-12-31`;
  const own = ownFigures(inputs);
  const lookup = (id: string) => inputs.records.get(id);
  const units = [inputs.rootId, ...tree.descendantsOf(inputs.rootId)];
  // Each unit's own figures with those of the units absorbed into it this year.
  const withAbsorbed = new Map<string, Own>();
  for (const id of units) {
    const total = zero();
    for (const source of [id, ...absorbedDuring(lookup, id, year)]) {
      const o = own.get(source);
      if (!o) continue;
      for (const key of Object.keys(total) as (keyof Own)[]) total[key] += o[key];
    }
    withAbsorbed.set(id, total);
  }
  const result = new Map<string, UnitFacts>();
  // Post-order: a unit's subtree figures are its own plus its children's; inspections stay its own.
  const visit = (id: string): Own => {
    const total = { ...withAbsorbed.get(id)! };
    for (const child of tree.childrenOf(id)) {
      const sub = visit(child);
      for (const key of Object.keys(total) as (keyof Own)[]) {
        if (key !== 'inspectionsPlanned' && key !== 'inspectionsCompleted') total[key] += sub[key];
      }
    }
    // The plan is the unit's own (with those of units absorbed into it): its quota covers its subtree.
    const plan = combinePlans([id, ...absorbedDuring(lookup, id, year)].map((u) => inputs.plans.get(u)));
    result.set(id, {
      ...total,
      quota: plan?.quota ?? null,
      structure: plan?.structure ?? null,
      localities: 0,
      localitiesWithoutAdmission: 0,
      localitiesWithHead: 0,
      headsWhoAreMembers: 0,
    });
    return total;
  };
  visit(inputs.rootId);

  const admissionDays = new Map<string, CalendarDate[]>();
  for (const [orgId, members] of inputs.contributions) {
    const days = [...members.values()].flatMap((c) => c.adm.map(([d]) => d));
    if (days.length > 0) admissionDays.set(orgId, days);
  }
  const windowStart = `${year - inputs.localityYears + 1}-01-01`;
  for (const locality of inputs.localities) {
    const state = localityAt(locality, end);
    if (!state) continue;
    const owners = new Set<string>();
    for (const anchor of [state.communeId, ...state.cellIds]) {
      if (!tree.get(anchor)) continue;
      owners.add(anchor);
      tree.ancestorsOf(anchor).forEach((a) => owners.add(a));
    }
    if (owners.size === 0) continue;
    const without = !admittedIn(locality, admissionDays, windowStart, end);
    const head = headOn(locality, end);
    for (const owner of owners) {
      const facts = result.get(owner);
      if (!facts) continue;
      facts.localities += 1;
      if (without) facts.localitiesWithoutAdmission += 1;
      if (head) {
        facts.localitiesWithHead += 1;
        if (head.memberId) facts.headsWhoAreMembers += 1;
      }
    }
  }
  return result;
}
