import type { AdmittedPersonV1 } from '@dangvien/contracts';
import { createWorkingCalendar } from '@dangvien/calendar-vn';
import type { CalendarDate, Stamp } from '@dangvien/domain';
import { createRuleBook } from '../src/domain/admission-rules';
import type { Candidate } from '../src/domain/candidate';
import type { MemberFacts } from '../src/domain/membership';
import type { StepContext } from '../src/domain/procedure';

export const CELL = 'cell-1';
export const calendar = createWorkingCalendar();
export const rules = createRuleBook();

let counter = 0;
export function stamp(time = new Date('2026-01-01T03:00:00Z')): Stamp {
  return {
    time,
    newId: () => {
      counter += 1;
      return `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
    },
  };
}

export function ctx(today: CalendarDate = '2026-12-31', book = rules): StepContext {
  return { rules: book.admission, calendar, stamp: stamp(), today };
}

export function person(overrides: Partial<AdmittedPersonV1> = {}): AdmittedPersonV1 {
  return {
    fullName: 'Hoàng Thị Mai',
    otherNames: [],
    sex: 'FEMALE',
    dateOfBirth: '2000-03-15',
    birthplace: null,
    hometown: null,
    residence: null,
    ethnicityCode: '02',
    religion: null,
    occupation: null,
    generalEducation: '12/12',
    professionalQualification: null,
    academicDegree: null,
    politicalTheory: null,
    foreignLanguage: null,
    informationTechnology: null,
    youthUnionEntryDate: null,
    citizenId: '019300000123',
    ...overrides,
  };
}

/** A candidate at `stage`, the steps before it dated `date` (tests set what their gate reads). */
export function candidate(overrides: Partial<Candidate> = {}): Candidate {
  return {
    id: '7c1e5b3a-2d4f-4a6b-8c9d-0e1f2a3b4c5d',
    version: 3,
    organisationId: CELL,
    localityId: null,
    sourceCategory: 'YOUNG_GRADUATE_LOCAL',
    declaredCategories: [],
    helperMemberId: null,
    listedOn: '2023-01-10',
    inUnitSince: '2020-01-01',
    person: person(),
    stage: 'LISTED',
    steps: [],
    certificate: null,
    introduction: null,
    cellVote: null,
    committeeVote: null,
    decision: null,
    provincialConsent: null,
    ceremonyDate: null,
    ceremonyConsent: null,
    memberId: null,
    memberFormFiledOn: null,
    recognitionVote: null,
    officialDate: null,
    reviews: [],
    ...overrides,
  };
}

/** An official member of `cell` since `since` (official from then too). */
export function official(
  id: string,
  since: CalendarDate,
  cell = CELL,
  extra: Partial<MemberFacts> = {},
): MemberFacts {
  return {
    memberId: id,
    placements: [{ organisationId: cell, kind: 'HOME', from: since, until: null }],
    officialFrom: since,
    leftOn: null,
    disciplinedOn: [],
    ...extra,
  };
}

/** `n` official members of the cell since 2010. */
export function officials(n: number, prefix = 'm'): MemberFacts[] {
  return Array.from({ length: n }, (_, i) => official(`${prefix}${i}`, '2010-01-01'));
}

export const STEP = { actor: 'Chi bộ thôn Đồng Tâm', reference: '01-NQ/CB' };
