import { Refusal, isCalendarDate } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import { educationLevelOf, isEthnicityCode } from './catalogue';
import type { Profile, ProfileField } from './member';
import { RULES } from './rules';

const MAX_NAME = 200;
const MAX_TEXT = 500;
const MAX_HISTORY = 5_000;

/** Trimmed, NFC, inner runs of spaces collapsed; null for nothing. */
export function cleanText(value: string | null | undefined): string | null {
  const cleaned = (value ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
  return cleaned === '' ? null : cleaned;
}

function checkLength(value: string | null, max: number, field: string[]): void {
  if (value !== null && value.length > max) {
    throw new Refusal(RULES.textTooLong, `${field.join('.')} is longer than ${max} characters`, field);
  }
}

function checkDate(value: CalendarDate | null, field: string[]): void {
  if (value !== null && !isCalendarDate(value)) {
    throw new Refusal(RULES.dateFormat, `${field.join('.')} is not a date (YYYY-MM-DD)`, field);
  }
}

/**
 * Checks a profile and returns it cleaned (texts trimmed and in NFC). Refuses, naming the field, what
 * a member form cannot hold: no name, a birth date after `today`, an ethnicity outside the catalogue,
 * a Party card number that is not 8 digits, a citizen id that is not 12, a general education that
 * is not "grade/system" (12/12). `prefix` is the path of the profile in the input (`["person"]`).
 */
export function checkedProfile(profile: Profile, today: CalendarDate, prefix: string[] = []): Profile {
  const at = (field: ProfileField) => [...prefix, field];
  const fullName = cleanText(profile.fullName);
  if (!fullName) throw new Refusal(RULES.fullNameRequired, 'The full name is required', at('fullName'));
  if (fullName.length > MAX_NAME) {
    throw new Refusal(
      RULES.fullNameTooLong,
      `The full name is longer than ${MAX_NAME} characters`,
      at('fullName'),
    );
  }
  const otherNames = [
    ...new Set((profile.otherNames ?? []).map(cleanText).filter((n): n is string => n !== null)),
  ];
  for (const name of otherNames) checkLength(name, MAX_NAME, at('otherNames'));
  checkDate(profile.dateOfBirth, at('dateOfBirth'));
  if (profile.dateOfBirth > today) {
    throw new Refusal(
      RULES.dateOfBirthInFuture,
      `The date of birth ${profile.dateOfBirth} is after today`,
      at('dateOfBirth'),
    );
  }
  if (!isEthnicityCode(profile.ethnicityCode)) {
    throw new Refusal(
      RULES.ethnicityUnknown,
      `"${profile.ethnicityCode}" is not the code of one of the 54 ethnic groups (01 Kinh … 54 Rơ Măm)`,
      at('ethnicityCode'),
    );
  }
  const partyCardNumber = cleanText(profile.partyCardNumber);
  if (partyCardNumber !== null && !/^[0-9]{8}$/.test(partyCardNumber)) {
    throw new Refusal(RULES.partyCardFormat, 'A Party card number is 8 digits', at('partyCardNumber'));
  }
  const citizenId = cleanText(profile.citizenId);
  if (citizenId !== null && !/^[0-9]{12}$/.test(citizenId)) {
    throw new Refusal(RULES.citizenIdFormat, 'A citizen id (căn cước) is 12 digits', at('citizenId'));
  }
  const generalEducation = cleanText(profile.generalEducation)?.replace(/\s*\/\s*/, '/') ?? null;
  if (generalEducation !== null && educationLevelOf(generalEducation) === null) {
    throw new Refusal(
      RULES.generalEducationFormat,
      `General education is written grade/system, e.g. 12/12 or 9/12; "${generalEducation}" is not`,
      at('generalEducation'),
    );
  }
  checkDate(profile.youthUnionEntryDate, at('youthUnionEntryDate'));
  const texts = {
    birthplace: cleanText(profile.birthplace),
    hometown: cleanText(profile.hometown),
    residence: cleanText(profile.residence),
    occupation: cleanText(profile.occupation),
    foreignLanguage: cleanText(profile.foreignLanguage),
    informationTechnology: cleanText(profile.informationTechnology),
    historyNumber: cleanText(profile.historyNumber),
  };
  for (const [field, value] of Object.entries(texts)) checkLength(value, MAX_TEXT, at(field as ProfileField));
  const personalHistory = cleanText(profile.personalHistory);
  checkLength(personalHistory, MAX_HISTORY, at('personalHistory'));
  return {
    ...profile,
    ...texts,
    fullName,
    otherNames,
    partyCardNumber,
    citizenId,
    generalEducation,
    personalHistory,
    religion: profile.religion ?? null,
    professionalQualification: profile.professionalQualification ?? null,
    academicTitle: profile.academicTitle ?? null,
    politicalTheory: profile.politicalTheory ?? null,
    youthUnionEntryDate: profile.youthUnionEntryDate ?? null,
  };
}

/** The fields whose values differ, in the profile's order. */
export function changedFields(before: Profile, after: Profile): ProfileField[] {
  return (Object.keys(after) as ProfileField[]).filter(
    (field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null),
  );
}
