import type { AdmittedPersonV1 } from '@dangvien/contracts';
import { isCalendarDate, Refusal } from '@dangvien/domain';
import { RULES } from '../domain/rules';

const TEXT_FIELDS = [
  'birthplace',
  'hometown',
  'residence',
  'religion',
  'occupation',
  'generalEducation',
  'professionalQualification',
  'academicDegree',
  'politicalTheory',
  'foreignLanguage',
  'informationTechnology',
] as const;

/** The person as the admission handover will carry them, checked now so the ceremony cannot fail on it. */
export function checkPerson(person: AdmittedPersonV1): AdmittedPersonV1 {
  const bad = (field: string, message: string) => {
    throw new Refusal(RULES.personInvalid, message, ['person', field]);
  };
  const fullName = person.fullName?.trim() ?? '';
  if (!fullName || fullName.length > 200)
    bad('fullName', 'The full name is required (at most 200 characters)');
  if (!isCalendarDate(person.dateOfBirth)) bad('dateOfBirth', 'The date of birth is a date (YYYY-MM-DD)');
  if (!/^[0-9]{2}$/.test(person.ethnicityCode))
    bad('ethnicityCode', 'The ethnic group is its 2-digit code (01 Kinh … 54)');
  if (person.citizenId !== null && !/^[0-9]{12}$/.test(person.citizenId))
    bad('citizenId', 'The citizen id has 12 digits');
  if (person.youthUnionEntryDate !== null && !isCalendarDate(person.youthUnionEntryDate)) {
    bad('youthUnionEntryDate', 'The Youth Union entry date is a date (YYYY-MM-DD)');
  }
  const cleaned = { ...person, fullName, otherNames: person.otherNames.map((n) => n.trim()).filter(Boolean) };
  for (const field of TEXT_FIELDS) cleaned[field] = person[field]?.trim() || null;
  return cleaned;
}
