import { nameSearchKeys, nameSortKey } from '@dangvien/names';
import type { CalendarDate } from '@dangvien/domain';
import { currentStay, isCounted, pendingLetter } from '../domain/member';
import type { MemberFile } from '../domain/member';
import { badgeMilestones } from '../domain/party-age';
import { memberRulesIfAny } from '../domain/rules';
import type { MemberDocument } from './member-document';

/** What the derived fields need from the organisation tree: a unit and every one above it, root first. */
export interface Lineage {
  /** `[root, …, organisationId]` on `date`; `[organisationId]` for a unit the tree does not know yet. */
  lineage(organisationId: string, date: CalendarDate): string[];
}

export const ROSTER = {
  listed: (unit: string) => `L:${unit}`,
  former: (unit: string) => `F:${unit}`,
  temporarilyHere: (unit: string) => `T:${unit}`,
  /** Above the sending or the receiving side of a pending introduction letter. */
  pendingLetter: (unit: string) => `LP:${unit}`,
  awaitingPlacement: (unit: string) => `AW:${unit}`,
} as const;

/** A unique key for the Party card number, also for files without one (a unique index admits one null only). */
export const cardKeyOf = (file: Pick<MemberFile, 'id' | 'profile'>) =>
  file.profile.partyCardNumber ?? `none:${file.id}`;

/** The top-level fields of a member's document that reads filter and sort on, derived from the file. */
export function derivedFields(
  file: MemberFile,
  tree: Lineage,
  today: CalendarDate,
): Omit<MemberDocument, '_id' | 'version' | 'file' | 'createdAt' | 'updatedAt' | 'outbox' | 'outboxPending'> {
  const ancestorIds = tree.lineage(file.organisationId, today);
  const counted = isCounted(file.status);
  const roster = new Set<string>(ancestorIds.map(counted ? ROSTER.listed : ROSTER.former));
  const stay = counted ? currentStay(file) : null;
  if (stay)
    for (const unit of tree.lineage(stay.organisationId, today)) roster.add(ROSTER.temporarilyHere(unit));
  const letter = pendingLetter(file);
  if (letter) {
    for (const unit of tree.lineage(letter.fromOrganisationId, today)) roster.add(ROSTER.pendingLetter(unit));
    for (const unit of tree.lineage(letter.toOrganisationId, today)) roster.add(ROSTER.pendingLetter(unit));
  }
  if (file.awaitingPlacement) for (const unit of ancestorIds) roster.add(ROSTER.awaitingPlacement(unit));
  const milestones = memberRulesIfAny(today)?.badgeMilestones ?? [];
  const awarded = new Set(file.badges.map((b) => b.years));
  return {
    status: file.status,
    organisationId: file.organisationId,
    ancestorIds,
    rosterKeys: [...roster],
    nameKeys: nameSearchKeys([file.profile.fullName, ...file.profile.otherNames]),
    sortKey: `${nameSortKey(file.profile.fullName)} ${file.id}`,
    cardKey: cardKeyOf(file),
    placementOrgIds: [
      ...new Set([
        ...file.placements.map((p) => p.organisationId),
        ...file.temporaryStays.map((s) => s.organisationId),
      ]),
    ],
    // Only milestones not awarded yet: a month's members are then its entries of `membersDueBadge`.
    badgeDueMonths: [
      ...new Set(
        badgeMilestones(file, milestones)
          .filter((m) => !awarded.has(m.years))
          .map((m) => m.date.slice(0, 7)),
      ),
    ],
    letterKey: letter ? `${letter.deadline} ${file.id}` : null,
    decisionDate: file.admission.decisionDate,
  };
}

export function toMemberFile(doc: Pick<MemberDocument, '_id' | 'version' | 'file'>): MemberFile {
  return { ...(doc.file as Omit<MemberFile, 'id' | 'version'>), id: doc._id, version: doc.version };
}

export function fileFields(file: MemberFile): Omit<MemberFile, 'id' | 'version'> {
  const { id: _id, version: _version, ...rest } = file;
  return rest;
}
