import type { AdmittedPersonV1 } from '@dangvien/contracts';
import { formatCalendarDate } from '@dangvien/graphql';
import type { CalendarDate } from '@dangvien/domain';

/** A Date scalar input (parsed to a Date) as the calendar day it names. */
export const day = (value: Date): CalendarDate => formatCalendarDate(value);
export const dayOrNull = (value: Date | null | undefined): CalendarDate | null => (value ? day(value) : null);

export interface PersonArgs {
  fullName: string;
  otherNames?: string[] | null;
  sex: 'MALE' | 'FEMALE';
  dateOfBirth: Date;
  birthplace?: string | null;
  hometown?: string | null;
  residence?: string | null;
  ethnicityCode: string;
  religion?: string | null;
  citizenId?: string | null;
  occupation?: string | null;
  generalEducation?: string | null;
  professionalQualification?: string | null;
  academicDegree?: string | null;
  politicalTheory?: string | null;
  foreignLanguage?: string | null;
  informationTechnology?: string | null;
  youthUnionEntryDate?: Date | null;
}

export function person(args: PersonArgs): AdmittedPersonV1 {
  return {
    fullName: args.fullName,
    otherNames: args.otherNames ?? [],
    sex: args.sex,
    dateOfBirth: day(args.dateOfBirth),
    birthplace: args.birthplace ?? null,
    hometown: args.hometown ?? null,
    residence: args.residence ?? null,
    ethnicityCode: args.ethnicityCode,
    religion: args.religion ?? null,
    occupation: args.occupation ?? null,
    generalEducation: args.generalEducation ?? null,
    professionalQualification: args.professionalQualification ?? null,
    academicDegree: args.academicDegree ?? null,
    politicalTheory: args.politicalTheory ?? null,
    foreignLanguage: args.foreignLanguage ?? null,
    informationTechnology: args.informationTechnology ?? null,
    youthUnionEntryDate: dayOrNull(args.youthUnionEntryDate),
    citizenId: args.citizenId ?? null,
  };
}
