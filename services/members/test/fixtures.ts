import type { Decided } from '../src/domain/decision';
import type { MemberFile, Profile } from '../src/domain/member';
import { decideRegistration } from '../src/domain/registration';

export const TODAY = '2026-12-01';

export const PROFILE: Profile = {
  fullName: 'Nguyễn Thị Hà',
  otherNames: [],
  sex: 'FEMALE',
  dateOfBirth: '1985-03-12',
  birthplace: null,
  hometown: 'Đại Từ',
  residence: null,
  ethnicityCode: '02',
  religion: null,
  personalHistory: null,
  citizenId: null,
  occupation: null,
  generalEducation: '12/12',
  professionalQualification: 'UNIVERSITY',
  academicTitle: null,
  politicalTheory: 'INTERMEDIATE',
  foreignLanguage: null,
  informationTechnology: null,
  youthUnionEntryDate: '2000-03-26',
  historyNumber: null,
  partyCardNumber: '12345678',
};

/** A registered file: official since 2011 in `organisationId` unless told otherwise. */
export function registered(
  overrides: Partial<{
    profile: Partial<Profile>;
    organisationId: string;
    decisionDate: string;
    ceremonyDate: string | null;
    officialDate: string | null;
  }> = {},
): MemberFile {
  return decideRegistration(
    {
      id: 'm-1',
      profile: { ...PROFILE, ...overrides.profile },
      organisationId: overrides.organisationId ?? 'A',
      decisionDate: overrides.decisionDate ?? '2010-05-19',
      decisionNumber: '12-QĐ/ĐU',
      ceremonyDate: overrides.ceremonyDate === undefined ? '2010-06-02' : overrides.ceremonyDate,
      officialDate: overrides.officialDate === undefined ? '2011-06-02' : overrides.officialDate,
      memberSince: null,
      source: 'MANUAL',
    },
    TODAY,
  ).file;
}

/** The file a decision made, with its version bumped as storing it would. */
export const next = (decided: Decided): MemberFile => ({
  ...decided.file,
  version: decided.file.version + 1,
});
