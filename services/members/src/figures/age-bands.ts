import type { CalendarDate } from '@dangvien/domain';
import type { Counts } from '../domain/figure-keys';

/** Age bands of the statistics, in whole years on the date asked for. */
export const AGE_BANDS = [
  { code: 'UP_TO_30', label: '18–30', max: 30 },
  { code: '31_40', label: '31–40', max: 40 },
  { code: '41_50', label: '41–50', max: 50 },
  { code: '51_60', label: '51–60', max: 60 },
  { code: '61_70', label: '61–70', max: 70 },
  { code: 'OVER_70', label: 'over 70', max: Number.POSITIVE_INFINITY },
] as const;

const BORN = 'born:';

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * For each band but the last, the latest date of birth of someone older than the band on `date`:
 * born on or before `cutoffs[k]` ⇔ `yearsBetween(born, date) > AGE_BANDS[k].max`. A birthday on
 * 29 February is complete on 28 February of a common year (as `monthsBetween` counts it).
 */
export function bandCutoffs(date: CalendarDate): CalendarDate[] {
  const year = Number(date.slice(0, 4));
  const monthDay = date.slice(5);
  return AGE_BANDS.slice(0, -1).map(({ max }) => {
    const then = year - (max + 1);
    const day = monthDay === '02-28' && !isLeap(year) && isLeap(then) ? '02-29' : monthDay;
    return `${String(then).padStart(4, '0')}-${day}`;
  });
}

/** The band of a date of birth, given `bandCutoffs` of the day. */
export function bandOf(born: CalendarDate, cutoffs: readonly CalendarDate[]): number {
  let band = 0;
  while (band < cutoffs.length && born <= cutoffs[band]!) band += 1;
  return band;
}

/**
 * One organisation's counts, split for summing: the plain counters as parallel arrays, the
 * counters by date of birth sorted by date with running totals, so that a band is two binary
 * searches instead of an age computed per member.
 */
interface Split {
  keys: string[];
  values: number[];
  born: CalendarDate[];
  /** `upTo[i]`: members born on or before `born[i]`. */
  upTo: number[];
}

// Counts objects are never changed once read (the figures store replaces them), so a split is
// made once per object and dropped with it.
const splits = new WeakMap<Counts, Split>();

function split(counts: Counts): Split {
  const cached = splits.get(counts);
  if (cached) return cached;
  const result: Split = { keys: [], values: [], born: [], upTo: [] };
  const born: [CalendarDate, number][] = [];
  for (const key in counts) {
    const n = counts[key]!;
    if (n === 0) continue;
    if (key.startsWith(BORN)) born.push([key.slice(BORN.length), n]);
    else {
      result.keys.push(key);
      result.values.push(n);
    }
  }
  born.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let sum = 0;
  for (const [date, n] of born) {
    sum += n;
    result.born.push(date);
    result.upTo.push(sum);
  }
  splits.set(counts, result);
  return result;
}

/** Members of `s` born on or before `date`. */
function bornUpTo(s: Split, date: CalendarDate): number {
  let [low, high] = [0, s.born.length];
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (s.born[mid]! <= date) low = mid + 1;
    else high = mid;
  }
  return low === 0 ? 0 : s.upTo[low - 1]!;
}

/** Organisations' own counts summed, and members by age band on `date` (from their dates of birth). */
export function sumWithAgeBands(own: Iterable<Counts>, date: CalendarDate) {
  const cutoffs = bandCutoffs(date);
  const total: Counts = {};
  const bands = new Array<number>(AGE_BANDS.length).fill(0);
  for (const counts of own) {
    const s = split(counts);
    for (let i = 0; i < s.keys.length; i += 1) {
      const key = s.keys[i]!;
      total[key] = (total[key] ?? 0) + s.values[i]!;
    }
    if (s.born.length === 0) continue;
    // Older than band k: born on or before its cutoff; band k holds those older than k − 1 but not k.
    let younger = s.upTo[s.upTo.length - 1]!;
    cutoffs.forEach((cutoff, k) => {
      const older = bornUpTo(s, cutoff);
      bands[k]! += younger - older;
      younger = older;
    });
    bands[cutoffs.length]! += younger;
  }
  return { total, bands };
}
