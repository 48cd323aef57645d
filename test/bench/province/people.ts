import { addDays, addMonths, addYears } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import { demoPeople } from '../../../services/members/src/demo/people';
import type { DemoPerson } from '../../../services/members/src/demo/people';
import { itemSeed, pick, seeded } from './random';
import {
  ADMISSION_RATES,
  ADMITTED_UNDER_30,
  AGE_PYRAMID,
  CANDIDATE_STAGES,
  ETHNIC_MINORITIES,
  MINORITY_SHARES,
} from './shares';
import type { CandidateStageReached } from './shares';

/** A member of the province: the demo person (names, education…) with the province's dates and mix. */
export interface SyntheticMember extends DemoPerson {
  organisationCode: string;
  /** The year of the admission decision (for the five-year admission counts). */
  admittedIn: number;
}

export interface SyntheticCandidate {
  cellCode: string;
  stage: CandidateStageReached;
  listedOn: CalendarDate;
  inUnitSince: CalendarDate;
  sourceCategory: string;
  person: {
    fullName: string;
    sex: 'MALE' | 'FEMALE';
    dateOfBirth: CalendarDate;
    ethnicityCode: string;
    hometown: string;
    occupation: string;
    generalEducation: string;
  };
}

const MEMBER_STREAM = 1;
const CANDIDATE_STREAM = 2;
const SOURCES = ['YOUNG_GRADUATE_LOCAL', 'STUDENT', 'YOUTH_UNION_MEMBER', 'FARMER', 'STATE_EMPLOYEE'];

const year = (date: CalendarDate) => Number(date.slice(0, 4));
const dayIn = (next: () => number, from: CalendarDate, days: number) =>
  addDays(from, Math.floor(next() * Math.max(1, days)));

function ethnicity(next: () => number): string {
  return next() < ETHNIC_MINORITIES ? pick(next, MINORITY_SHARES) : '01';
}

/** The decision date and date of birth: admitted in one of the last five years, or before them. */
function admission(next: () => number, today: CalendarDate): { decision: CalendarDate; birth: CalendarDate } {
  const thisYear = year(today);
  let roll = next();
  for (let k = ADMISSION_RATES.length - 1; k >= 0; k -= 1) {
    roll -= ADMISSION_RATES[k]!;
    if (roll < 0) {
      const y = thisYear - (ADMISSION_RATES.length - 1 - k);
      // The current year only up to a month ago: a decision needs time to reach the list.
      const last = y === thisYear ? addMonths(today, -1) : `${y}-12-31`;
      const decision = dayIn(
        next,
        `${y}-01-01`,
        Math.round((Date.parse(last) - Date.parse(`${y}-01-01`)) / 864e5),
      );
      const age = next() < ADMITTED_UNDER_30 ? 18 + Math.floor(next() * 13) : 31 + Math.floor(next() * 25);
      return { decision, birth: addDays(addYears(decision, -age), -Math.floor(next() * 360)) };
    }
  }
  const band = pick(
    next,
    AGE_PYRAMID.map((b) => [b, b[2]] as const),
  );
  const age = band[0] + Math.floor(next() * (band[1] - band[0] + 1));
  const birth = addDays(addYears(today, -age), -Math.floor(next() * 360));
  const windowStart = `${thisYear - ADMISSION_RATES.length + 1}-01-01`;
  let decision = addYears(birth, 18 + Math.floor(next() * 18));
  if (decision >= windowStart) decision = dayIn(next, addYears(birth, 18), 365);
  if (decision >= windowStart) decision = addDays(windowStart, -1 - Math.floor(next() * 200));
  return { decision, birth };
}

/** Member `index` of the province, drawn from its own seed: the same person for the same seed. */
export function syntheticMember(
  seed: number,
  index: number,
  organisationCode: string,
  today: CalendarDate,
): SyntheticMember {
  const own = itemSeed(seed, MEMBER_STREAM, index);
  const [base] = demoPeople(1, { seed: own, today, firstCard: 10_000_000 + index });
  const next = seeded(own ^ 0x5bd1e995);
  const { decision, birth } = admission(next, today);
  const ceremony = addDays(decision, 5 + Math.floor(next() * 20));
  const official = addMonths(ceremony, 12);
  return {
    ...base!,
    dateOfBirth: birth,
    ethnicityCode: ethnicity(next),
    youthUnionEntryDate: base!.youthUnionEntryDate ? addYears(birth, 15) : null,
    decisionDate: decision,
    ceremonyDate: ceremony,
    officialDate: official <= today ? official : null,
    organisationCode,
    admittedIn: year(decision),
  };
}

/** Candidate `index`: on a cell's list for up to a year, at one of the stages of CANDIDATE_STAGES. */
export function syntheticCandidate(
  seed: number,
  index: number,
  cellCode: string,
  today: CalendarDate,
): SyntheticCandidate {
  const own = itemSeed(seed, CANDIDATE_STREAM, index);
  const [base] = demoPeople(1, { seed: own, today, firstCard: 90_000_000 + index });
  const next = seeded(own ^ 0x27d4eb2f);
  const birth = addDays(addYears(today, -(19 + Math.floor(next() * 14))), -Math.floor(next() * 360));
  const listedOn = addDays(today, -(200 + Math.floor(next() * 160)));
  return {
    cellCode,
    stage: pick(next, CANDIDATE_STAGES),
    listedOn,
    inUnitSince: addYears(listedOn, -2),
    sourceCategory: SOURCES[index % SOURCES.length]!,
    person: {
      fullName: base!.fullName,
      sex: base!.sex,
      dateOfBirth: birth,
      ethnicityCode: ethnicity(next),
      hometown: base!.hometown,
      occupation: base!.occupation,
      generalEducation: '12/12',
    },
  };
}
