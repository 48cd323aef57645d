import { EVENT_TYPES } from '../event-types';
import { dateSchema, decisionSchema, eventDataSchema, idSchema, nullable } from '../json-schema';
import type { DecisionReference } from '../organisation';
import { EXAMPLE_IDS } from './organisations';

// The members service's own log of its member files, on a restricted topic only it reads
// (dangvien.members.files.v1): every change of a file with its audit entry (who, when, which fields,
// old and new values, sensitive ones included) and what it does to the statistics of the
// organisations concerned. Written in the same single-document write as the change (the outbox), so
// neither the audit nor the statistics can miss a change or count one twice.

/** One field of a file that a change touched. */
export interface MemberFileFieldChangeV1 {
  field: string;
  /** The value before (null when there was none); any JSON value. */
  before: unknown;
  after: unknown;
  /** Sensitive personal data (Decree 13/2023): shown only to callers granted it. */
  sensitive: boolean;
}

/** Who made a change, as the request said (trusted only where the service was told to trust it). */
export interface MemberFileActorV1 {
  subject: string | null;
  name: string | null;
  /** False when the identity was not vouched for (no identity, or headers not trusted). */
  trusted: boolean;
}

/** A change of statistics: `counts` added (negative: removed) in organisationId from `date` on. */
export interface MemberFiguresDeltaV1 {
  organisationId: string;
  date: string;
  counts: Record<string, number>;
}

export interface MemberFileChangedV1 {
  memberId: string;
  /** The file version this change made (the event's ce_sequence). */
  version: number;
  changeId: string;
  /** What was done, e.g. REGISTERED, PROFILE_UPDATED, RECOGNISED_OFFICIAL, TRANSFER_ACCEPTED. */
  action: string;
  recordedAt: string;
  effectiveDate: string;
  actor: MemberFileActorV1;
  reason: string | null;
  decision: DecisionReference | null;
  fields: MemberFileFieldChangeV1[];
  /** The member's organisation and every one above it after the change: the audit is read per subtree. */
  organisationIds: string[];
  figures: MemberFiguresDeltaV1[];
}

export const MemberFileChangedV1Schema = eventDataSchema<MemberFileChangedV1>({
  type: EVENT_TYPES.MemberFileChanged,
  title: 'MemberFileChangedV1',
  description:
    "A member's file changed: the audit entry (who, when, which fields with their old and new values, reason, decision) and the change to the statistics it makes. Sensitive: the members service's own topic.",
  properties: {
    memberId: idSchema('The member (the aggregate); equals the event subject and the Kafka key.'),
    version: { type: 'integer', minimum: 1, description: 'The file version this change made.' },
    changeId: idSchema('The audit entry id.'),
    action: { type: 'string', minLength: 1, description: 'What was done, e.g. PROFILE_UPDATED.' },
    recordedAt: { type: 'string', format: 'date-time', description: 'When it was recorded (RFC 3339).' },
    effectiveDate: dateSchema('The day the change holds from (YYYY-MM-DD).'),
    actor: {
      type: 'object',
      additionalProperties: false,
      required: ['subject', 'name', 'trusted'],
      description: 'Who made the change, as the request said.',
      properties: {
        subject: { type: ['string', 'null'], description: 'The caller id, when known.' },
        name: { type: ['string', 'null'], description: 'The caller name, when known.' },
        trusted: { type: 'boolean', description: 'Whether the identity was vouched for.' },
      },
    },
    reason: nullable({ type: 'string', minLength: 1, description: 'Why, as the user or decision says.' }),
    decision: decisionSchema,
    fields: {
      type: 'array',
      description: 'The fields changed, with their values before and after.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['field', 'before', 'after', 'sensitive'],
        properties: {
          field: { type: 'string', minLength: 1, description: 'Field name, e.g. "politicalTheory".' },
          before: { description: 'The value before; any JSON value, null when there was none.' },
          after: { description: 'The value after; any JSON value.' },
          sensitive: { type: 'boolean', description: 'Sensitive personal data (Decree 13/2023).' },
        },
      },
    },
    organisationIds: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: "The member's organisation and every one above it, after the change.",
    },
    figures: {
      type: 'array',
      description: 'What the change adds to (or removes from) the statistics of each organisation, by date.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['organisationId', 'date', 'counts'],
        properties: {
          organisationId: idSchema('The organisation whose own figures change.'),
          date: dateSchema('From which day (YYYY-MM-DD).'),
          counts: {
            type: 'object',
            additionalProperties: { type: 'integer' },
            description: 'Counters and the amount each changes by, e.g. {"members": 1, "sex:FEMALE": 1}.',
          },
        },
      },
    },
  },
});

export const MemberFileChangedV1Example: MemberFileChangedV1 = {
  memberId: 'e4b7c2d9-5a1f-4e3b-9c6d-7a8b9c0d1e20',
  version: 4,
  changeId: '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9',
  action: 'PROFILE_UPDATED',
  recordedAt: '2026-10-01T02:30:00.000Z',
  effectiveDate: '2026-10-01',
  actor: { subject: 'tcdu-daitu-01', name: 'Ban Tổ chức Đảng ủy xã Đại Từ', trusted: true },
  reason: 'Tốt nghiệp lớp trung cấp lý luận chính trị',
  decision: null,
  fields: [{ field: 'politicalTheory', before: 'ELEMENTARY', after: 'INTERMEDIATE', sensitive: false }],
  organisationIds: [EXAMPLE_IDS.province, EXAMPLE_IDS.daiTu, EXAMPLE_IDS.tanLap],
  figures: [
    {
      organisationId: EXAMPLE_IDS.tanLap,
      date: '1998-05-19',
      counts: { 'theory:ELEMENTARY': -1, 'theory:INTERMEDIATE': 1 },
    },
  ],
};
