import { EVENT_TYPES } from '../event-types';
import { dateSchema, effectiveDateSchema, eventDataSchema, idSchema, nullable } from '../json-schema';
import type { MemberStatusCounted } from '../member';
import { MEMBER_STATUS_COUNTED_DESCRIPTIONS, MEMBER_STATUSES_COUNTED } from '../member';
import { EXAMPLE_IDS } from './organisations';

// Events of the members service. The aggregate is one Party member; its id is the subject and the Kafka
// key. These are the membership changes other services need: the organisations service keeps its member
// counts per organisation from them (a member counts where they are PROBATIONARY or OFFICIAL).

/** A person was admitted to the Party in a cell: from now on a PROBATIONARY member of it. */
export interface MemberAdmittedV1 {
  memberId: string;
  /** The cell (or grassroots cell) that admitted the member and where they are now counted. */
  organisationId: string;
  /** The competent committee's decision date (Party age counts from it), YYYY-MM-DD. */
  decisionDate: string;
  /** The admission ceremony date (probation starts), YYYY-MM-DD; null until it has taken place. */
  ceremonyDate: string | null;
}

/** A probationary member was recognised as an OFFICIAL member. */
export interface MemberRecognisedOfficialV1 {
  memberId: string;
  /** The organisation the member belongs to. */
  organisationId: string;
  /** The official date, YYYY-MM-DD. */
  officialDate: string;
}

export type MemberTransferKind = 'PERMANENT' | 'TEMPORARY';

/** A member moved their Party activities (chuyển sinh hoạt đảng) from one organisation to another. */
export interface MemberTransferredV1 {
  memberId: string;
  fromOrganisationId: string;
  toOrganisationId: string;
  kind: MemberTransferKind;
  /** The member's status, unchanged by the transfer. */
  status: MemberStatusCounted;
  effectiveDate: string;
}

export type MemberLeftReason = 'DECEASED' | 'EXPELLED' | 'REMOVED' | 'RESIGNED';

/** A member left the Party. Their last membership event; they no longer count anywhere. */
export interface MemberLeftV1 {
  memberId: string;
  /** The organisation they belonged to. */
  organisationId: string;
  reason: MemberLeftReason;
  effectiveDate: string;
}

const memberId = idSchema('The Party member (the aggregate); equals the event subject and the Kafka key.');

export const MemberAdmittedV1Schema = eventDataSchema<MemberAdmittedV1>({
  type: EVENT_TYPES.MemberAdmitted,
  title: 'MemberAdmittedV1',
  description:
    'A person was admitted to the Party (kết nạp): from now on a PROBATIONARY member of organisationId.',
  properties: {
    memberId,
    organisationId: idSchema('The cell that admitted the member, where they are counted from now on.'),
    decisionDate: dateSchema(
      "The competent committee's admission decision date (YYYY-MM-DD); Party age counts from it.",
    ),
    ceremonyDate: nullable(
      dateSchema(
        'The admission ceremony date (YYYY-MM-DD), when probation starts; null until it has taken place.',
      ),
    ),
  },
});

export const MemberRecognisedOfficialV1Schema = eventDataSchema<MemberRecognisedOfficialV1>({
  type: EVENT_TYPES.MemberRecognisedOfficial,
  title: 'MemberRecognisedOfficialV1',
  description: 'A probationary member was recognised as an OFFICIAL member (công nhận đảng viên chính thức).',
  properties: {
    memberId,
    organisationId: idSchema('The organisation the member belongs to.'),
    officialDate: dateSchema('The official date (YYYY-MM-DD).'),
  },
});

export const MemberTransferredV1Schema = eventDataSchema<MemberTransferredV1>({
  type: EVENT_TYPES.MemberTransferred,
  title: 'MemberTransferredV1',
  description:
    'A member moved their Party activities (chuyển sinh hoạt đảng) from one organisation to another; after a PERMANENT transfer they count in toOrganisationId from effectiveDate; a TEMPORARY one leaves them on the list of their home organisation (they are not counted twice).',
  properties: {
    memberId,
    fromOrganisationId: idSchema('The organisation the member leaves.'),
    toOrganisationId: idSchema('The organisation the member joins.'),
    kind: {
      type: 'string',
      enum: ['PERMANENT', 'TEMPORARY'],
      description:
        'PERMANENT: official transfer (chuyển sinh hoạt đảng chính thức). TEMPORARY: temporary transfer (chuyển sinh hoạt đảng tạm thời).',
    },
    status: {
      type: 'string',
      enum: [...MEMBER_STATUSES_COUNTED],
      description: `The member's status, unchanged by the transfer. ${MEMBER_STATUSES_COUNTED.map((s) => `${s}: ${MEMBER_STATUS_COUNTED_DESCRIPTIONS[s]}.`).join(' ')}`,
    },
    effectiveDate: effectiveDateSchema,
  },
});

export const MemberLeftV1Schema = eventDataSchema<MemberLeftV1>({
  type: EVENT_TYPES.MemberLeft,
  title: 'MemberLeftV1',
  description: 'A member left the Party; they no longer count in any organisation from effectiveDate.',
  properties: {
    memberId,
    organisationId: idSchema('The organisation they belonged to.'),
    reason: {
      type: 'string',
      enum: ['DECEASED', 'EXPELLED', 'REMOVED', 'RESIGNED'],
      description:
        'DECEASED: died (từ trần). EXPELLED: expelled (khai trừ). REMOVED: removed from the list (xóa tên). RESIGNED: resigned (xin ra khỏi Đảng).',
    },
    effectiveDate: effectiveDateSchema,
  },
});

const member = 'e4b7c2d9-5a1f-4e3b-9c6d-7a8b9c0d1e20';

export const MemberAdmittedV1Example: MemberAdmittedV1 = {
  memberId: member,
  organisationId: EXAMPLE_IDS.tanLap,
  decisionDate: '2025-05-19',
  ceremonyDate: '2025-06-02',
};

export const MemberRecognisedOfficialV1Example: MemberRecognisedOfficialV1 = {
  memberId: member,
  organisationId: EXAMPLE_IDS.tanLap,
  officialDate: '2026-06-02',
};

export const MemberTransferredV1Example: MemberTransferredV1 = {
  memberId: member,
  fromOrganisationId: EXAMPLE_IDS.tanLap,
  toOrganisationId: EXAMPLE_IDS.gangThep,
  kind: 'PERMANENT',
  status: 'OFFICIAL',
  effectiveDate: '2026-09-01',
};

export const MemberLeftV1Example: MemberLeftV1 = {
  memberId: member,
  organisationId: EXAMPLE_IDS.gangThep,
  reason: 'RESIGNED',
  effectiveDate: '2027-03-01',
};
