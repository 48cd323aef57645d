import { dayBefore } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import {
  ethnicityName,
  QUALIFICATION_LABELS,
  QUALIFICATION_LEVELS,
  RELIGION_LABELS,
  RELIGIONS,
  THEORY_LABELS,
  THEORY_LEVELS,
} from '../domain/catalogue';
import { KEY } from '../domain/figure-keys';
import type { Counts } from '../domain/figure-keys';
import type { Tree } from '../tree/tree';
import { AGE_BANDS, sumWithAgeBands } from './age-bands';
import type { FiguresStore } from './figures-store';

export interface CategoryCount {
  code: string;
  label: string;
  count: number;
  share: number | null;
}

/** The subtree's counts on `date`: its organisations' own counts summed, ages kept by date of birth. */
async function subtreeCounts(tree: Tree, store: FiguresStore, rootId: string, date: CalendarDate) {
  const units = tree.subtree(rootId, date);
  return sumWithAgeBands((await store.countsOn(units, date)).values(), date);
}

const share = (count: number, of: number) => ({ count, share: of > 0 ? count / of : null });

function categories(
  total: Counts,
  prefix: string,
  codes: readonly string[],
  label: (code: string) => string,
  of: number,
) {
  return codes
    .map((code) => ({ code, label: label(code), ...share(total[`${prefix}${code}`] ?? 0, of) }))
    .filter((c) => c.count > 0);
}

/** The statistics of a subtree on a date, from the maintained figures (no member file is read). */
export async function memberStatistics(tree: Tree, store: FiguresStore, rootId: string, asOf: CalendarDate) {
  const { total, bands } = await subtreeCounts(tree, store, rootId, asOf);
  const members = total[KEY.members] ?? 0;
  const ethnicities = Object.keys(total)
    .filter((key) => key.startsWith('ethnicity:'))
    .map((key) => key.slice('ethnicity:'.length))
    .sort();
  return {
    asOf,
    total: members,
    official: total[KEY.status('OFFICIAL')] ?? 0,
    probationary: total[KEY.status('PROBATIONARY')] ?? 0,
    women: share(total[KEY.sex('FEMALE')] ?? 0, members),
    ethnicMinorities: share(total[KEY.minority] ?? 0, members),
    byEthnicity: categories(total, 'ethnicity:', ethnicities, ethnicityName, members),
    religious: share(total[KEY.religious] ?? 0, members),
    byReligion: categories(
      total,
      'religion:',
      RELIGIONS,
      (c) => RELIGION_LABELS[c as keyof typeof RELIGION_LABELS],
      members,
    ),
    upperSecondary: share(total[KEY.education('UPPER_SECONDARY')] ?? 0, members),
    universityEducated: share(total[KEY.university] ?? 0, members),
    byQualification: categories(
      total,
      'qualification:',
      QUALIFICATION_LEVELS,
      (c) => QUALIFICATION_LABELS[c as keyof typeof QUALIFICATION_LABELS],
      members,
    ),
    byPoliticalTheory: categories(
      total,
      'theory:',
      THEORY_LEVELS,
      (c) => THEORY_LABELS[c as keyof typeof THEORY_LABELS],
      members,
    ),
    byAgeBand: AGE_BANDS.map((band, i) => ({
      code: band.code,
      label: band.label,
      ...share(bands[i] ?? 0, members),
    })),
    youthUnion: share(total[KEY.youthUnion] ?? 0, members),
    exempted: total[KEY.exempted] ?? 0,
    temporarilyAway: total[KEY.temporarilyAway] ?? 0,
    temporarilyHere: total[KEY.temporarilyHere] ?? 0,
  };
}

const FLOW_FIELDS = {
  'flow:admitted': 'admitted',
  'flow:readmitted': 'readmitted',
  'flow:restored': 'restored',
  'flow:died': 'died',
  'flow:expelled': 'expelled',
  'flow:removed': 'removed',
  'flow:resigned': 'resigned',
  'flow:recognised': 'recognisedOfficial',
  'adm:women': 'admittedWomen',
  'adm:minority': 'admittedEthnicMinorities',
  'adm:religious': 'admittedReligious',
  'adm:youthUnion': 'admittedYouthUnion',
} as const;

/**
 * The increase/decrease report of a subtree for a period (both days included): members the day
 * before, what came in and went out, members at the end. A transfer counts only across the
 * subtree's border (its other side elsewhere on the day); so does a move of a whole organisation
 * into or out of the subtree (a reorganisation). start + increases − decreases = end.
 */
export async function memberMovements(
  tree: Tree,
  store: FiguresStore,
  rootId: string,
  from: CalendarDate,
  to: CalendarDate,
) {
  const report: Record<string, number> = {
    start: 0,
    admitted: 0,
    readmitted: 0,
    transferredIn: 0,
    restored: 0,
    reorganisedIn: 0,
    died: 0,
    expelled: 0,
    removed: 0,
    resigned: 0,
    transferredOut: 0,
    reorganisedOut: 0,
    recognisedOfficial: 0,
    end: 0,
    admittedWomen: 0,
    admittedEthnicMinorities: 0,
    admittedReligious: 0,
    admittedYouthUnion: 0,
  };
  const before = dayBefore(from);
  report.start = (await subtreeCounts(tree, store, rootId, before)).total[KEY.members] ?? 0;
  report.end = (await subtreeCounts(tree, store, rootId, to)).total[KEY.members] ?? 0;
  // Every organisation in the subtree on some day of the period: the tree changes only on fact dates.
  const treeDates = new Set<CalendarDate>([before, to]);
  const candidates = new Set<string>();
  for (const date of [before, from, to]) for (const id of tree.subtree(rootId, date)) candidates.add(id);
  for (const id of [...candidates]) {
    for (const fact of tree.facts(id))
      if (fact.effectiveDate >= from && fact.effectiveDate <= to) treeDates.add(fact.effectiveDate);
  }
  for (const date of treeDates) for (const id of tree.subtree(rootId, date)) candidates.add(id);
  const inside = (id: string, date: CalendarDate) => tree.isWithin(id, rootId, date);
  const changes = await store.changesBetween([...candidates], from, to);
  for (const [organisationId, days] of changes) {
    for (const { date, counts } of days) {
      if (!inside(organisationId, date)) continue;
      for (const [key, n] of Object.entries(counts)) {
        const field = FLOW_FIELDS[key as keyof typeof FLOW_FIELDS];
        if (field) report[field] = (report[field] ?? 0) + n;
        const [kind, other] = key.split(':') as [string, string | undefined];
        if (!other || inside(other, date)) continue;
        if (kind === 'tin') report.transferredIn! += n;
        if (kind === 'tout') report.transferredOut! += n;
        if (kind === 'rin') report.reorganisedIn! += n;
        if (kind === 'rout') report.reorganisedOut! += n;
      }
    }
  }
  // Organisations that moved into or out of the subtree bring or take their members.
  const moves = [...treeDates].filter((d) => d >= from && d <= to).sort();
  for (const date of moves) {
    const entering = [...candidates].filter((id) => inside(id, date) && !inside(id, dayBefore(date)));
    const leaving = [...candidates].filter((id) => !inside(id, date) && inside(id, dayBefore(date)));
    if (entering.length)
      for (const c of (await store.countsOn(entering, dayBefore(date))).values())
        report.reorganisedIn! += c[KEY.members] ?? 0;
    if (leaving.length)
      for (const c of (await store.countsOn(leaving, dayBefore(date))).values())
        report.reorganisedOut! += c[KEY.members] ?? 0;
  }
  return { from, to, ...report };
}
