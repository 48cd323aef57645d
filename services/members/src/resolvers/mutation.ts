import { mutationPayload } from '@dangvien/graphql';
import type { MemberDisciplineForm, MemberLeftReason, MemberTransferKind } from '@dangvien/contracts';
import { Refusal } from '@dangvien/domain';
import type { AcademicTitle, QualificationLevel, Religion, TheoryLevel } from '../domain/catalogue';
import type { MemberFile, Profile } from '../domain/member';
import { RULES } from '../domain/rules';
import { actorOf } from '../commands/write-side';
import { formatOf } from '../import/parse-file';
import type { Context } from '../context';
import { dateOf, decisionOf, memberId, organisationId } from './ids';
import type { DecisionInput } from './ids';

export interface PersonArgs {
  fullName?: string;
  otherNames?: string[] | null;
  sex?: 'MALE' | 'FEMALE';
  dateOfBirth?: Date;
  ethnicityCode?: string;
  religion?: Religion | null;
  professionalQualification?: QualificationLevel | null;
  academicTitle?: AcademicTitle | null;
  politicalTheory?: TheoryLevel | null;
  youthUnionEntryDate?: Date | null;
  [text: string]: unknown;
}

const DATE_FIELDS = new Set(['dateOfBirth', 'youthUnionEntryDate']);

/** A profile (or the changes to one) from GraphQL input: dates as calendar days, absent fields left out. */
function profileOf(input: PersonArgs): Partial<Profile> {
  return Object.fromEntries(
    Object.entries(input)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [
        key,
        DATE_FIELDS.has(key) ? dateOf(value as Date | null) : key === 'otherNames' ? (value ?? []) : value,
      ]),
  ) as Partial<Profile>;
}

function fullProfile(input: PersonArgs): Profile {
  const empty: Profile = {
    fullName: '',
    otherNames: [],
    sex: 'MALE',
    dateOfBirth: '',
    birthplace: null,
    hometown: null,
    residence: null,
    ethnicityCode: '',
    religion: null,
    personalHistory: null,
    citizenId: null,
    occupation: null,
    generalEducation: null,
    professionalQualification: null,
    academicTitle: null,
    politicalTheory: null,
    foreignLanguage: null,
    informationTechnology: null,
    youthUnionEntryDate: null,
    historyNumber: null,
    partyCardNumber: null,
  };
  return { ...empty, ...profileOf(input) };
}

const memberPayload = (run: () => Promise<MemberFile>) =>
  mutationPayload(async () => ({ member: await run() }), { member: null });

type Input<T> = { input: T & { id: string } };

export const Mutation = {
  registerMember: (
    _: unknown,
    {
      input,
    }: {
      input: {
        person: PersonArgs;
        organisationId: string;
        decisionDate: Date;
        decisionNumber?: string | null;
        ceremonyDate?: Date | null;
        officialDate?: Date | null;
        memberSince?: Date | null;
      };
    },
    context: Context,
  ) =>
    memberPayload(() =>
      context.commands.registerMember(
        {
          profile: fullProfile(input.person),
          organisationId: organisationId(input.organisationId, ['organisationId']),
          decisionDate: dateOf(input.decisionDate)!,
          decisionNumber: input.decisionNumber ?? null,
          ceremonyDate: dateOf(input.ceremonyDate),
          officialDate: dateOf(input.officialDate),
          memberSince: dateOf(input.memberSince),
        },
        context.access,
      ),
    ),

  updateMemberProfile: (
    _: unknown,
    {
      input,
    }: Input<{
      changes: PersonArgs;
      reason: string;
      decision?: DecisionInput | null;
      effectiveDate?: Date | null;
    }>,
    context: Context,
  ) =>
    memberPayload(() =>
      context.commands.updateProfile(
        memberId(input.id),
        profileOf(input.changes),
        {
          effectiveDate: dateOf(input.effectiveDate) ?? context.today,
          reason: input.reason,
          decision: decisionOf(input.decision),
        },
        context.access,
      ),
    ),

  recogniseOfficial: (_: unknown, { input }: Input<{ decision: DecisionInput }>, context: Context) =>
    memberPayload(() =>
      context.commands.recogniseOfficial(memberId(input.id), decisionOf(input.decision)!, context.access),
    ),

  exemptMember: (
    _: unknown,
    {
      input,
    }: Input<{ effectiveDate: Date; until?: Date | null; reason: string; decision?: DecisionInput | null }>,
    context: Context,
  ) =>
    memberPayload(() =>
      context.commands.exempt(
        memberId(input.id),
        {
          effectiveDate: dateOf(input.effectiveDate)!,
          until: dateOf(input.until),
          reason: input.reason,
          decision: decisionOf(input.decision),
        },
        context.access,
      ),
    ),

  endExemption: (
    _: unknown,
    { input }: Input<{ effectiveDate: Date; reason?: string | null }>,
    context: Context,
  ) =>
    memberPayload(() =>
      context.commands.endExemption(
        memberId(input.id),
        { effectiveDate: dateOf(input.effectiveDate)!, reason: input.reason ?? null },
        context.access,
      ),
    ),

  issueTransferLetter: (
    _: unknown,
    {
      input,
    }: Input<{
      toOrganisationId: string;
      kind: MemberTransferKind;
      issuedOn: Date;
      letterNumber?: string | null;
      reason?: string | null;
    }>,
    context: Context,
  ) =>
    memberPayload(() =>
      context.commands.issueLetter(
        memberId(input.id),
        {
          toOrganisationId: organisationId(input.toOrganisationId, ['toOrganisationId']),
          kind: input.kind,
          issuedOn: dateOf(input.issuedOn)!,
          letterNumber: input.letterNumber ?? null,
          reason: input.reason ?? null,
        },
        context.access,
      ),
    ),

  acceptTransfer: (_: unknown, { input }: Input<{ acceptedOn: Date }>, context: Context) =>
    memberPayload(() =>
      context.commands.acceptTransfer(memberId(input.id), dateOf(input.acceptedOn)!, context.access),
    ),

  cancelTransferLetter: (
    _: unknown,
    { input }: Input<{ effectiveDate: Date; reason: string }>,
    context: Context,
  ) =>
    memberPayload(() =>
      context.commands.cancelLetter(
        memberId(input.id),
        { effectiveDate: dateOf(input.effectiveDate)!, reason: input.reason },
        context.access,
      ),
    ),

  endTemporaryTransfer: (_: unknown, { input }: Input<{ effectiveDate: Date }>, context: Context) =>
    memberPayload(() =>
      context.commands.endTemporaryTransfer(memberId(input.id), dateOf(input.effectiveDate)!, context.access),
    ),

  recordLeaving: (
    _: unknown,
    {
      input,
    }: Input<{
      reason: MemberLeftReason;
      effectiveDate: Date;
      note?: string | null;
      decision?: DecisionInput | null;
      readmissionBarred?: boolean | null;
    }>,
    context: Context,
  ) =>
    memberPayload(() =>
      context.commands.recordLeaving(
        memberId(input.id),
        {
          leaveReason: input.reason,
          effectiveDate: dateOf(input.effectiveDate)!,
          note: input.note ?? null,
          decision: decisionOf(input.decision),
          readmissionBarred: input.readmissionBarred ?? false,
        },
        context.access,
      ),
    ),

  recordDiscipline: (
    _: unknown,
    {
      input,
    }: Input<{
      form: MemberDisciplineForm;
      effectiveDate: Date;
      reason: string;
      decision: DecisionInput;
      readmissionBarred?: boolean | null;
    }>,
    context: Context,
  ) =>
    memberPayload(() =>
      context.commands.recordDiscipline(
        memberId(input.id),
        {
          form: input.form,
          effectiveDate: dateOf(input.effectiveDate)!,
          reason: input.reason,
          decision: decisionOf(input.decision)!,
          readmissionBarred: input.readmissionBarred ?? false,
        },
        context.access,
      ),
    ),

  readmitMember: (
    _: unknown,
    {
      input,
    }: Input<{
      organisationId: string;
      decisionDate: Date;
      decisionNumber: string;
      ceremonyDate?: Date | null;
    }>,
    context: Context,
  ) =>
    memberPayload(() =>
      context.commands.readmit(
        memberId(input.id),
        {
          organisationId: organisationId(input.organisationId, ['organisationId']),
          decisionDate: dateOf(input.decisionDate)!,
          decisionNumber: input.decisionNumber,
          ceremonyDate: dateOf(input.ceremonyDate),
        },
        context.access,
      ),
    ),

  restoreMember: (
    _: unknown,
    { input }: Input<{ effectiveDate: Date; reason: string; decision: DecisionInput }>,
    context: Context,
  ) =>
    memberPayload(() =>
      context.commands.restore(
        memberId(input.id),
        {
          effectiveDate: dateOf(input.effectiveDate)!,
          reason: input.reason,
          decision: decisionOf(input.decision)!,
        },
        context.access,
      ),
    ),

  awardBadge: (
    _: unknown,
    { input }: Input<{ years: number; awardedOn: Date; decision?: DecisionInput | null }>,
    context: Context,
  ) =>
    memberPayload(() =>
      context.commands.awardBadge(
        memberId(input.id),
        { years: input.years, awardedOn: dateOf(input.awardedOn)!, decision: decisionOf(input.decision) },
        context.access,
      ),
    ),

  placeMember: (
    _: unknown,
    { input }: Input<{ organisationId: string; effectiveDate: Date; decision?: DecisionInput | null }>,
    context: Context,
  ) =>
    memberPayload(() =>
      context.commands.place(
        memberId(input.id),
        {
          organisationId: organisationId(input.organisationId, ['organisationId']),
          effectiveDate: dateOf(input.effectiveDate)!,
          decision: decisionOf(input.decision),
        },
        context.access,
      ),
    ),

  importMembers: (
    _: unknown,
    { input }: { input: { fileName: string; format?: string | null; content: string } },
    context: Context,
  ) =>
    mutationPayload(
      async () => {
        const content = Buffer.from(input.content, 'base64');
        if (content.length === 0) throw new Refusal(RULES.importUnreadable, 'The file is empty', ['content']);
        const stamp = context.stamp();
        const result = await context.importer.importFile(
          { fileName: input.fileName, format: input.format ?? null, content },
          actorOf(context.caller),
          stamp.newId(),
          stamp.time,
        );
        return { import: result };
      },
      { import: null },
    ),

  importMemberRows: (
    _: unknown,
    {
      input,
    }: {
      input: {
        importId?: string | null;
        fileName: string;
        format: string;
        headers: string[];
        rows: string[][];
        firstRow: number;
        last: boolean;
      };
    },
    context: Context,
  ) =>
    mutationPayload(
      async () => {
        const stamp = context.stamp();
        const id =
          input.importId ??
          (
            await context.importer.start(
              input.fileName,
              formatOf(input.fileName, input.format),
              input.headers,
              stamp.time,
              stamp.newId(),
            )
          )._id;
        return context.importer.addRows(
          id,
          input.rows,
          input.firstRow,
          input.last,
          actorOf(context.caller),
          stamp.time,
        );
      },
      { import: null, errors: [] },
    ),
};
