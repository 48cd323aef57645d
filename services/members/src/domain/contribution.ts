import type { CalendarDate } from '@dangvien/domain';
import { educationLevelOf, MAJORITY_ETHNICITY, UNIVERSITY_OR_ABOVE } from './catalogue';
import { KEY } from './figure-keys';
import type { Counts, FlowKind } from './figure-keys';
import { isCounted } from './member';
import type { MemberFile, MemberStatus, Placement } from './member';

/** What a file adds to an organisation's own counts from `date` on. */
export interface FiguresDelta {
  organisationId: string;
  date: CalendarDate;
  counts: Counts;
}

/** The counters a counted member adds to their organisation every day they are on its list. */
function attributeKeys(file: MemberFile): string[] {
  const p = file.profile;
  const keys: string[] = [
    KEY.members,
    KEY.sex(p.sex),
    KEY.ethnicity(p.ethnicityCode),
    KEY.born(p.dateOfBirth),
  ];
  if (p.ethnicityCode !== MAJORITY_ETHNICITY) keys.push(KEY.minority);
  if (p.religion) keys.push(KEY.religion(p.religion), KEY.religious);
  const education = educationLevelOf(p.generalEducation);
  if (education) keys.push(KEY.education(education));
  if (p.professionalQualification) {
    keys.push(KEY.qualification(p.professionalQualification));
    if (UNIVERSITY_OR_ABOVE.has(p.professionalQualification)) keys.push(KEY.university);
  }
  if (p.politicalTheory) keys.push(KEY.theory(p.politicalTheory));
  if (p.youthUnionEntryDate) keys.push(KEY.youthUnion);
  return keys;
}

function admissionKeys(file: MemberFile): string[] {
  const p = file.profile;
  const keys = [KEY.flow('admitted')];
  if (p.sex === 'FEMALE') keys.push(KEY.admitted('women'));
  if (p.ethnicityCode !== MAJORITY_ETHNICITY) keys.push(KEY.admitted('minority'));
  if (p.religion) keys.push(KEY.admitted('religious'));
  if (p.youthUnionEntryDate) keys.push(KEY.admitted('youthUnion'));
  return keys;
}

const within = (date: CalendarDate, from: CalendarDate, to: CalendarDate | null) =>
  from <= date && (to === null || date < to);

interface DayState {
  status: MemberStatus | null;
  placement: Placement | null;
  exempted: boolean;
  stayAt: string | null;
  entryCause: string | null;
}

function stateOn(file: MemberFile, date: CalendarDate): DayState {
  let status: MemberStatus | null = null;
  let entryCause: string | null = null;
  for (const entry of file.statusHistory) {
    if (entry.from > date) continue;
    status = entry.status;
    entryCause = entry.cause ?? null;
  }
  const placement = file.placements.find((p) => within(date, p.from, p.to)) ?? null;
  const exempted = file.exemptions.some((e) => within(date, e.from, e.endedOn));
  const stay = file.temporaryStays.find((s) => within(date, s.from, s.endedOn));
  return { status, placement, exempted, stayAt: stay?.organisationId ?? null, entryCause };
}

/** Every counter of every organisation on one day, for the state of that day. */
function countsOn(state: DayState, attributes: string[]): Map<string, Counts> {
  const result = new Map<string, Counts>();
  const add = (organisationId: string, key: string) => {
    const counts = result.get(organisationId) ?? {};
    counts[key] = (counts[key] ?? 0) + 1;
    result.set(organisationId, counts);
  };
  if (!state.status || !isCounted(state.status) || !state.placement) return result;
  const home = state.placement.organisationId;
  for (const key of attributes) add(home, key);
  add(home, KEY.status(state.status));
  if (state.exempted) add(home, KEY.exempted);
  if (state.stayAt) {
    add(home, KEY.temporarilyAway);
    add(state.stayAt, KEY.temporarilyHere);
  }
  return result;
}

const LEFT_FLOW: Partial<Record<MemberStatus, FlowKind>> = {
  DECEASED: 'died',
  EXPELLED: 'expelled',
  REMOVED: 'removed',
  RESIGNED: 'resigned',
};

/**
 * What a file contributes to the organisations' own counts, as dated changes: for every day its
 * state changes (status, list, exemption, temporary transfer), the difference between the counters
 * of that day and of the day before, plus that day's movements (admitted, left, transferred…).
 * The statistics are the sum of these over all files; a change of a file changes them by
 * `figuresDelta(before, after)`, which is exact whatever was changed, however far back.
 */
export function contribution(file: MemberFile): Map<string, Counts> {
  const dates = new Set<CalendarDate>();
  for (const e of file.statusHistory) dates.add(e.from);
  for (const p of file.placements) {
    dates.add(p.from);
    if (p.to) dates.add(p.to);
  }
  for (const e of file.exemptions) {
    dates.add(e.from);
    if (e.endedOn) dates.add(e.endedOn);
  }
  for (const s of file.temporaryStays) {
    dates.add(s.from);
    if (s.endedOn) dates.add(s.endedOn);
  }
  // Entries of one day apply in the order they were recorded (a stable sort keeps it).
  const sorted: MemberFile = {
    ...file,
    statusHistory: [...file.statusHistory].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)),
  };
  const attributes = attributeKeys(file);
  const result = new Map<string, Counts>();
  const add = (organisationId: string, date: CalendarDate, key: string, n: number) => {
    if (n === 0) return;
    const id = `${organisationId}|${date}`;
    const counts = result.get(id) ?? {};
    counts[key] = (counts[key] ?? 0) + n;
    result.set(id, counts);
  };
  let previous = new Map<string, Counts>();
  let before: DayState = { status: null, placement: null, exempted: false, stayAt: null, entryCause: null };
  let everCounted = false;
  for (const date of [...dates].sort()) {
    const state = stateOn(sorted, date);
    const current = countsOn(state, attributes);
    for (const organisationId of new Set([...previous.keys(), ...current.keys()])) {
      const was = previous.get(organisationId) ?? {};
      const now = current.get(organisationId) ?? {};
      for (const key of new Set([...Object.keys(was), ...Object.keys(now)])) {
        add(organisationId, date, key, (now[key] ?? 0) - (was[key] ?? 0));
      }
    }
    const wasCounted = before.status !== null && isCounted(before.status);
    const isNow = state.status !== null && isCounted(state.status);
    if (!wasCounted && isNow && state.placement) {
      const flows =
        state.entryCause === 'RESTORED'
          ? [KEY.flow('restored')]
          : state.entryCause === 'READMITTED' || everCounted
            ? [...admissionKeys(file), KEY.flow('readmitted')]
            : admissionKeys(file);
      for (const key of flows) add(state.placement.organisationId, date, key, 1);
    }
    if (wasCounted && !isNow && before.placement) {
      const flow = state.status ? LEFT_FLOW[state.status] : undefined;
      if (flow) add(before.placement.organisationId, date, KEY.flow(flow), 1);
    }
    if (wasCounted && isNow) {
      if (before.status === 'PROBATIONARY' && state.status === 'OFFICIAL' && state.placement) {
        add(state.placement.organisationId, date, KEY.flow('recognised'), 1);
      }
      const from = before.placement?.organisationId;
      const to = state.placement?.organisationId;
      if (from && to && from !== to) {
        const reorganised = state.placement!.cause === 'REORGANISED';
        add(from, date, reorganised ? KEY.reorganisedOut(to) : KEY.transferredOut(to), 1);
        add(to, date, reorganised ? KEY.reorganisedIn(from) : KEY.transferredIn(from), 1);
      }
    }
    everCounted ||= isNow;
    previous = current;
    before = state;
  }
  return result;
}

/** The change a new version of a file makes to the statistics: after minus before, zeros left out. */
export function figuresDelta(before: MemberFile | null, after: MemberFile): FiguresDelta[] {
  const was = before ? contribution(before) : new Map<string, Counts>();
  const now = contribution(after);
  const deltas: FiguresDelta[] = [];
  for (const id of [...new Set([...was.keys(), ...now.keys()])].sort()) {
    const a = was.get(id) ?? {};
    const b = now.get(id) ?? {};
    const counts: Counts = {};
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const n = (b[key] ?? 0) - (a[key] ?? 0);
      if (n !== 0) counts[key] = n;
    }
    if (Object.keys(counts).length === 0) continue;
    const [organisationId, date] = id.split('|') as [string, string];
    deltas.push({ organisationId, date, counts });
  }
  return deltas;
}
