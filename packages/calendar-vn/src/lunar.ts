import type { CalendarDate } from '@dangvien/domain';

/**
 * The Vietnamese lunisolar calendar (âm lịch), computed astronomically for the meridian of UTC+7 as
 * Vietnam has reckoned it since 1968 (Hồ Ngọc Đức's published algorithm, after Jean Meeus's
 * "Astronomical Algorithms"). The meridian matters: China reckons at UTC+8, and in some years (1985,
 * for one) a new moon falls between the two midnights and Tết is a month apart.
 *
 * Good for 1900–2199. Only the days the holidays need are exposed.
 */

const TIME_ZONE_HOURS = 7;
const SYNODIC_MONTH = 29.530588853;
/** Julian day of the new moon of 1 January 1900 (k = 0 in Meeus's numbering). */
const EPOCH = 2415021.076998695;

function julianDay(day: number, month: number, year: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return (
    day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045
  );
}

function fromJulianDay(jd: number): CalendarDate {
  return new Date((jd - 2440588) * 86_400_000).toISOString().slice(0, 10);
}

/** Julian day (with fraction, UTC) of the k-th new moon after 1 January 1900. */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = Math.PI / 180;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let c = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  c = c - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr) - 0.0004 * Math.sin(dr * 3 * Mpr);
  c = c + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  c = c - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  c = c - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  c = c + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd + c - deltaT;
}

/** The sun's apparent longitude, in radians, at Julian day `jd` (UTC). */
function sunLongitude(jd: number): number {
  const T = (jd - 2451545.0) / 36525;
  const T2 = T * T;
  const dr = Math.PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  const DL =
    (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M) +
    (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) +
    0.00029 * Math.sin(dr * 3 * M);
  const L = (L0 + DL) * dr;
  return L - Math.PI * 2 * Math.floor(L / (Math.PI * 2));
}

/** The local day (Julian day number) on which the k-th new moon falls in Vietnam. */
function newMoonDay(k: number): number {
  return Math.floor(newMoon(k) + 0.5 + TIME_ZONE_HOURS / 24);
}

/** Which of the 12 thirty-degree sectors the sun is in at the start of local day `day`. */
function sunSector(day: number): number {
  return Math.floor((sunLongitude(day - 0.5 - TIME_ZONE_HOURS / 24) / Math.PI) * 6);
}

/** The first day of the 11th lunar month (the one holding the winter solstice) of solar year `year`. */
function month11(year: number): number {
  const k = Math.floor((julianDay(31, 12, year) - 2415021) / SYNODIC_MONTH);
  const day = newMoonDay(k);
  return sunSector(day) >= 9 ? newMoonDay(k - 1) : day;
}

/** Which month after month 11 is the leap month, in a lunar year of 13 months. */
function leapMonthOffset(start: number): number {
  const k = Math.floor((start - EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let sector = sunSector(newMoonDay(k + i));
  let last: number;
  do {
    last = sector;
    i += 1;
    sector = sunSector(newMoonDay(k + i));
  } while (sector !== last && i < 14);
  return i - 1;
}

/**
 * The solar date of lunar day `day` of lunar month `month` (1–12, not a leap month) of lunar year
 * `year` (the lunar year that begins in solar year `year`).
 */
export function lunarToSolar(day: number, month: number, year: number): CalendarDate {
  if (!Number.isInteger(year) || year < 1900 || year > 2199) {
    throw new RangeError(`lunar dates are computed for 1900–2199, not ${year}`);
  }
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > 30) {
    throw new RangeError(`no lunar day ${day} of month ${month}`);
  }
  const [a11, b11] = month < 11 ? [month11(year - 1), month11(year)] : [month11(year), month11(year + 1)];
  const k = Math.floor(0.5 + (a11 - EPOCH) / SYNODIC_MONTH);
  let offset = month - 11;
  if (offset < 0) offset += 12;
  // A year of 13 months: months from the leap month on are one further from month 11.
  if (b11 - a11 > 365 && offset >= leapMonthOffset(a11)) offset += 1;
  return fromJulianDay(newMoonDay(k + offset) + day - 1);
}

/** The first day of the lunar year that begins in solar year `year` (mùng 1 Tết). */
export function lunarNewYear(year: number): CalendarDate {
  return lunarToSolar(1, 1, year);
}
