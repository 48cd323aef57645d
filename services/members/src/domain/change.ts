import { createEvent, EVENT_TYPES } from '@dangvien/contracts';
import type { EventEnvelope, MemberFileActorV1, MemberFileFieldChangeV1 } from '@dangvien/contracts';
import { eventIdentity } from '@dangvien/domain';
import type { Stamp } from '@dangvien/domain';
import { figuresDelta } from './contribution';
import type { Decided } from './decision';
import type { MemberFile } from './member';
import { SENSITIVE_FIELDS } from './member';

/** A decided change, ready to store: the new file (version bumped) and every event it publishes. */
export interface MemberChange {
  file: MemberFile;
  /** The version the write must find stored; null for a new file. */
  expectedVersion: number | null;
  events: EventEnvelope[];
  /** The audit entry's id. */
  changeId: string;
}

/** The audit's view of a file: every field a change can touch, flat, in a stable order. */
function auditView(file: MemberFile | null): Record<string, unknown> {
  if (!file) return {};
  const { profile, admission } = file;
  return {
    ...profile,
    status: file.status,
    organisationId: file.organisationId,
    decisionDate: admission.decisionDate,
    decisionNumber: admission.decisionNumber,
    ceremonyDate: admission.ceremonyDate,
    officialDate: admission.officialDate,
    admittingOrganisationId: admission.admittingOrganisationId,
    introducerMemberIds: admission.introducerMemberIds,
    youthUnionIntroduction: admission.youthUnionIntroduction,
    recognitionDecision: admission.recognitionDecision,
    statusHistory: file.statusHistory,
    placements: file.placements,
    exemptions: file.exemptions,
    temporaryStays: file.temporaryStays,
    letters: file.letters,
    disciplines: file.disciplines,
    badges: file.badges,
    awards: file.awards,
    readmissions: file.readmissions,
    awaitingPlacement: file.awaitingPlacement,
  };
}

/** Old and new value of every field that differs. */
export function fieldChanges(before: MemberFile | null, after: MemberFile): MemberFileFieldChangeV1[] {
  const was = auditView(before);
  const now = auditView(after);
  return Object.keys(now)
    .filter((field) => JSON.stringify(was[field] ?? null) !== JSON.stringify(now[field] ?? null))
    .map((field) => ({
      field,
      before: was[field] ?? null,
      after: now[field] ?? null,
      sensitive: SENSITIVE_FIELDS.has(field),
    }));
}

/**
 * Turns a decision into what is stored: each public event gets the next version of the file as its
 * sequence, and one MemberFileChanged (the audit entry and the statistics delta, on the restricted
 * topic) closes the change with the file's new version. All of them go into the file's outbox in
 * the same single-document write as the file.
 */
export function recordChange(
  before: MemberFile | null,
  decided: Decided,
  context: { stamp: Stamp; actor: MemberFileActorV1; organisationIds: string[] },
): MemberChange {
  const start = before?.version ?? 0;
  const events: EventEnvelope[] = decided.events.map((event, i) =>
    createEvent(
      event.type,
      decided.file.id,
      start + i + 1,
      event.data as never,
      eventIdentity(context.stamp),
    ),
  );
  const version = start + events.length + 1;
  const file: MemberFile = { ...decided.file, version };
  const changeId = context.stamp.newId();
  events.push(
    createEvent(
      EVENT_TYPES.MemberFileChanged,
      file.id,
      version,
      {
        memberId: file.id,
        version,
        changeId,
        action: decided.action,
        recordedAt: context.stamp.time.toISOString(),
        effectiveDate: decided.effectiveDate,
        actor: context.actor,
        reason: decided.reason,
        decision: decided.decision,
        // JSON round trip: what the schema validates is what the topic carries.
        fields: JSON.parse(JSON.stringify(fieldChanges(before, file))) as MemberFileFieldChangeV1[],
        organisationIds: context.organisationIds,
        figures: figuresDelta(before, file),
      },
      eventIdentity(context.stamp),
    ),
  );
  return { file, expectedVersion: before ? before.version : null, events, changeId };
}
