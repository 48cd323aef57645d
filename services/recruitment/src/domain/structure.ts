import type { CandidateSource, StructureCategory } from '@dangvien/contracts';
import { STRUCTURE_CATEGORIES } from '@dangvien/contracts';
import { yearsBetween } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import type { Candidate } from './candidate';

/** The Kinh majority's code in the catalogue of 54 ethnic groups: every other group is a minority. */
export const KINH_ETHNICITY_CODE = '01';
/** "Aged under 30" as plans count it (the Youth Union's upper age). */
export const YOUNG_AGE_LIMIT = 30;

const FROM_SOURCE: Partial<Record<CandidateSource, StructureCategory>> = {
  STUDENT: 'STUDENT',
  PRIVATE_ENTERPRISE_WORKER: 'PRIVATE_ENTERPRISE_WORKER',
  VILLAGE_HEAD: 'VILLAGE_HEAD',
  FRONT_COMMITTEE_HEAD: 'FRONT_COMMITTEE_HEAD',
  YOUNG_GRADUATE_LOCAL: 'YOUNG_GRADUATE_LOCAL',
};

/** The structure categories a candidate counts in on `date` (age is counted on that day). */
export function structureOf(candidate: Candidate, date: CalendarDate): StructureCategory[] {
  const { person } = candidate;
  const found = new Set<StructureCategory>(candidate.declaredCategories);
  if (person.sex === 'FEMALE') found.add('WOMEN');
  if (person.ethnicityCode !== KINH_ETHNICITY_CODE) found.add('ETHNIC_MINORITY');
  if (person.religion !== null) found.add('RELIGIOUS_FOLLOWER');
  if (yearsBetween(person.dateOfBirth, date) < YOUNG_AGE_LIMIT) found.add('UNDER_30');
  const fromSource = FROM_SOURCE[candidate.sourceCategory];
  if (fromSource) found.add(fromSource);
  return STRUCTURE_CATEGORIES.filter((c) => found.has(c));
}
