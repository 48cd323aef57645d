import { dayBefore } from '@dangvien/domain';
import { buildConnection, decodeCursor, pageSize } from '@dangvien/graphql';
import { accessOf, hasScope, SCOPES } from '@dangvien/auth';
import { ethnicityName, isEthnicityCode, MAJORITY_ETHNICITY } from '../domain/catalogue';
import { probationEnd } from '../domain/lifecycle';
import { currentExemption, currentPlacement, currentStay, pendingLetter } from '../domain/member';
import type { MemberFile, TransferLetter } from '../domain/member';
import { badgesDue, partyAgeYears } from '../domain/party-age';
import { memberRulesIfAny } from '../domain/rules';
import type { AuditDocument } from '../model/audit-document';
import type { Context } from '../context';
import { noteSensitiveRead } from '@dangvien/runtime';
import { mayReadFile, visibleFile } from './access';
import { dateOf, memberGlobalId, memberId, organisationRef } from './ids';

/** The scope that lets a caller read sensitive personal data (ethnicity, religion, history, citizen id). */
export const SENSITIVE_SCOPE = SCOPES.sensitiveRead;

export function canReadSensitive(context: Context): boolean {
  return hasScope(accessOf(context).identity, SENSITIVE_SCOPE);
}

export const ethnicityOf = (code: string) => ({
  code,
  name: ethnicityName(code),
  minority: code !== MAJORITY_ETHNICITY,
});

type Page = { first?: number | null; after?: string | null };

export function auditConnection(rows: AuditDocument[], args: Page) {
  const limit = pageSize(args);
  return buildConnection(rows, limit, (row) => row.sortKey, { hasPreviousPage: Boolean(args.after) });
}

export const afterOf = (args: Page): string | null =>
  args.after ? String(decodeCursor<string>(args.after)) : null;

export const letterView = (file: MemberFile, letter: TransferLetter, asOf: string) => ({
  file,
  letter,
  asOf,
});

export const Member = {
  // Another subgraph's reference to a member: answered only within the caller's scope (access.ts).
  __resolveReference: async (reference: { id: string }, context: Context) => {
    await context.fresh();
    return visibleFile(context, await context.loaders.member.load(memberId(reference.id)));
  },
  id: (file: MemberFile) => memberGlobalId(file.id),
  fullName: (file: MemberFile) => file.profile.fullName,
  otherNames: (file: MemberFile) => file.profile.otherNames,
  sex: (file: MemberFile) => file.profile.sex,
  dateOfBirth: (file: MemberFile) => file.profile.dateOfBirth,
  birthplace: (file: MemberFile) => file.profile.birthplace,
  hometown: (file: MemberFile) => file.profile.hometown,
  residence: (file: MemberFile) => file.profile.residence,
  // Sensitive (`@sensitive` in the SDL): the runtime refuses them without the scope and audits each read.
  ethnicity: (file: MemberFile) =>
    isEthnicityCode(file.profile.ethnicityCode) ? ethnicityOf(file.profile.ethnicityCode) : null,
  religion: (file: MemberFile) => file.profile.religion,
  personalHistory: (file: MemberFile) => file.profile.personalHistory,
  citizenId: (file: MemberFile) => file.profile.citizenId,
  occupation: (file: MemberFile) => file.profile.occupation,
  generalEducation: (file: MemberFile) => file.profile.generalEducation,
  professionalQualification: (file: MemberFile) => file.profile.professionalQualification,
  academicTitle: (file: MemberFile) => file.profile.academicTitle,
  politicalTheory: (file: MemberFile) => file.profile.politicalTheory,
  foreignLanguage: (file: MemberFile) => file.profile.foreignLanguage,
  informationTechnology: (file: MemberFile) => file.profile.informationTechnology,
  youthUnionEntryDate: (file: MemberFile) => file.profile.youthUnionEntryDate,
  historyNumber: (file: MemberFile) => file.profile.historyNumber,
  partyCardNumber: (file: MemberFile) => file.profile.partyCardNumber,
  organisation: (file: MemberFile) => organisationRef(file.organisationId),
  memberOfOrganisationSince: (file: MemberFile) => {
    const placement = currentPlacement(file);
    return placement.joinedOn ?? placement.from;
  },
  temporarilyAt: (file: MemberFile) => {
    const stay = currentStay(file);
    return stay ? organisationRef(stay.organisationId) : null;
  },
  exempted: (file: MemberFile) => currentExemption(file) !== null,
  exemption: (file: MemberFile) => currentExemption(file) ?? file.exemptions.at(-1) ?? null,
  decisionDate: (file: MemberFile) => file.admission.decisionDate,
  decisionNumber: (file: MemberFile) => file.admission.decisionNumber,
  ceremonyDate: (file: MemberFile) => file.admission.ceremonyDate,
  officialDate: (file: MemberFile) => file.admission.officialDate,
  probationEnds: (file: MemberFile) => probationEnd(file),
  admittingOrganisation: (file: MemberFile) =>
    file.admission.admittingOrganisationId ? organisationRef(file.admission.admittingOrganisationId) : null,
  introducers: async (file: MemberFile, _: unknown, context: Context) =>
    (await context.loaders.member.loadMany(file.admission.introducerMemberIds)).filter(
      // An introducer on a list outside the caller's scope is left out, not named.
      (m): m is MemberFile => m !== null && !(m instanceof Error) && mayReadFile(context, m),
    ),
  youthUnionIntroduction: (file: MemberFile) => file.admission.youthUnionIntroduction,
  partyAgeYears: (file: MemberFile, args: { asOf?: Date | null }, context: Context) =>
    partyAgeYears(file, dateOf(args.asOf) ?? context.today),
  badgesDue: (file: MemberFile, args: { asOf?: Date | null }, context: Context) => {
    const asOf = dateOf(args.asOf) ?? context.today;
    return badgesDue(file, memberRulesIfAny(asOf)?.badgeMilestones ?? [], asOf);
  },
  badges: (file: MemberFile) => file.badges,
  awards: (file: MemberFile) => file.awards,
  disciplines: (file: MemberFile) => file.disciplines,
  placements: (file: MemberFile) =>
    file.placements.map((p) => ({
      ...p,
      organisation: organisationRef(p.organisationId),
      to: p.to ? dayBefore(p.to) : null,
    })),
  statusHistory: (file: MemberFile) => file.statusHistory,
  transferLetters: (file: MemberFile, _: unknown, context: Context) =>
    file.letters.map((letter) => letterView(file, letter, context.today)),
  pendingTransfer: (file: MemberFile, _: unknown, context: Context) => {
    const letter = pendingLetter(file);
    return letter ? letterView(file, letter, context.today) : null;
  },
  awaitingPlacementSince: (file: MemberFile) => file.awaitingPlacement?.since ?? null,
  audit: async (file: MemberFile, args: Page, context: Context) =>
    auditConnection(await context.audit.ofMember(file.id, pageSize(args), afterOf(args)), args),
  version: (file: MemberFile) => file.version,
};

export const TransferLetterType = {
  id: (view: ReturnType<typeof letterView>) => view.letter.letterId,
  member: (view: ReturnType<typeof letterView>) => view.file,
  kind: (view: ReturnType<typeof letterView>) => view.letter.kind,
  from: (view: ReturnType<typeof letterView>) => organisationRef(view.letter.fromOrganisationId),
  to: (view: ReturnType<typeof letterView>) => organisationRef(view.letter.toOrganisationId),
  letterNumber: (view: ReturnType<typeof letterView>) => view.letter.letterNumber,
  issuedOn: (view: ReturnType<typeof letterView>) => view.letter.issuedOn,
  deadline: (view: ReturnType<typeof letterView>) => view.letter.deadline,
  status: (view: ReturnType<typeof letterView>) => view.letter.status,
  overdue: (view: ReturnType<typeof letterView>) =>
    view.letter.status === 'ISSUED' && view.asOf > view.letter.deadline,
  closedOn: (view: ReturnType<typeof letterView>) => view.letter.closedOn,
  cancelReason: (view: ReturnType<typeof letterView>) => view.letter.cancelReason,
};

/** Audit values as text; sensitive ones only for a caller granted the scope. */
export const AuditEntry = {
  id: (row: AuditDocument) => row._id,
  member: async (row: AuditDocument, _: unknown, context: Context) =>
    visibleFile(context, await context.loaders.member.load(row.memberId)),
  actor: (row: AuditDocument) => row.actor.name ?? row.actor.subject,
  actorTrusted: (row: AuditDocument) => row.actor.trusted,
  changes: (row: AuditDocument, _: unknown, context: Context) =>
    row.fields.map((change) => {
      const hidden = change.sensitive && !canReadSensitive(context);
      // A sensitive value shown here is a sensitive read like the field's own (Decree 13/2023).
      if (change.sensitive && !hidden) {
        noteSensitiveRead(context, {
          type: 'AuditEntry',
          field: change.field,
          scope: { ancestorIds: [], memberId: row.memberId },
          objectId: row._id,
        });
      }
      const text = (value: unknown) =>
        value === null || value === undefined
          ? null
          : typeof value === 'string'
            ? value
            : JSON.stringify(value);
      return {
        field: change.field,
        sensitive: change.sensitive,
        redacted: hidden,
        before: hidden ? null : text(change.before),
        after: hidden ? null : text(change.after),
      };
    }),
};
