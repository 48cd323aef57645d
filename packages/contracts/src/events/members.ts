import { EVENT_TYPES } from '../event-types';
import {
  dateSchema,
  decisionSchema,
  effectiveDateSchema,
  eventDataSchema,
  idSchema,
  nullable,
} from '../json-schema';
import type { DecisionReference } from '../organisation';
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

// ---------------------------------------------------------------------------------------------------
// Added with the members service (issue 9). Everything a member's file goes through, without personal
// data beyond the member id and dates: who is a member in which organisation since when (for the
// introducer checks of recruitment), discipline and exemption (for emulation), readmission,
// restoration, the two sides of a transfer, and which fields of a file changed (never their values).

/** Where a registered member's file came from. */
export type MemberRegistrationSource = 'IMPORT' | 'MANUAL';

/**
 * A person who already is a Party member was entered into the system (an existing member list
 * imported, or a file entered by hand): counted in organisationId from now on, with the status and
 * dates their file records. Not an admission: MemberAdmitted is the admission of a new member.
 */
export interface MemberRegisteredV1 {
  memberId: string;
  organisationId: string;
  status: MemberStatusCounted;
  /** The admission decision date: Party age counts from it. */
  decisionDate: string;
  ceremonyDate: string | null;
  /** When they became official; null while PROBATIONARY. */
  officialDate: string | null;
  /** Since when they are a member of organisationId (their placement there), YYYY-MM-DD. */
  memberSince: string;
  source: MemberRegistrationSource;
}

/** A former member (removed or resigned) was admitted again (kết nạp lại): PROBATIONARY in organisationId. */
export interface MemberReadmittedV1 {
  memberId: string;
  organisationId: string;
  decisionDate: string;
  ceremonyDate: string | null;
}

/**
 * A decision that ended a membership was annulled (khôi phục đảng tịch): the member counts again in
 * organisationId with the status they had, and their Party age runs on as if they had never left.
 */
export interface MemberRestoredV1 {
  memberId: string;
  organisationId: string;
  status: MemberStatusCounted;
  effectiveDate: string;
}

/** An official member was exempted from Party activities and work (miễn sinh hoạt đảng): still counted, not graded. */
export interface MemberExemptedV1 {
  memberId: string;
  organisationId: string;
  effectiveDate: string;
  /** The last day of the exemption, when the decision sets one. */
  until: string | null;
}

/** An exemption from activities ended: the member takes part again. */
export interface MemberExemptionEndedV1 {
  memberId: string;
  organisationId: string;
  effectiveDate: string;
}

export type MemberDisciplineForm = 'REPRIMAND' | 'WARNING' | 'DISMISSAL' | 'EXPULSION';

/** A disciplinary decision against a member (an EXPULSION is followed by MemberLeft with reason EXPELLED). */
export interface MemberDisciplinedV1 {
  memberId: string;
  organisationId: string;
  form: MemberDisciplineForm;
  effectiveDate: string;
  decision: DecisionReference | null;
}

/**
 * The sending committee issued an introduction letter (giấy giới thiệu sinh hoạt đảng): the member
 * is on their way to toOrganisationId and still counted in fromOrganisationId until it accepts them
 * (MemberTransferred) or the letter is cancelled (MemberTransferLetterCancelled).
 */
export interface MemberTransferLetterIssuedV1 {
  memberId: string;
  letterId: string;
  fromOrganisationId: string;
  toOrganisationId: string;
  kind: MemberTransferKind;
  issuedOn: string;
  /** The last day the receiving committee may accept it (a dated rule). */
  deadline: string;
}

export type MemberTransferLetterCancelReason = 'WITHDRAWN' | 'EXPIRED' | 'MEMBER_LEFT';

/** An introduction letter was withdrawn or given up unaccepted: the member stays where they are counted. */
export interface MemberTransferLetterCancelledV1 {
  memberId: string;
  letterId: string;
  fromOrganisationId: string;
  toOrganisationId: string;
  reason: MemberTransferLetterCancelReason;
  effectiveDate: string;
}

/** A temporary transfer ended: the member takes part in their home organisation again. */
export interface MemberTemporaryTransferEndedV1 {
  memberId: string;
  homeOrganisationId: string;
  /** Where they had been on temporary transfer. */
  organisationId: string;
  effectiveDate: string;
}

/** Fields of a member's file were corrected or updated. Names only: the values stay in the file. */
export interface MemberProfileChangedV1 {
  memberId: string;
  organisationId: string;
  /** The names of the fields that changed (e.g. fullName, politicalTheory). */
  fields: string[];
  effectiveDate: string;
}

const transferKind = {
  type: 'string',
  enum: ['PERMANENT', 'TEMPORARY'],
  description:
    'PERMANENT: official transfer (chuyển sinh hoạt đảng chính thức). TEMPORARY: temporary transfer (chuyển sinh hoạt đảng tạm thời).',
};
const countedStatus = (description: string) => ({
  type: 'string',
  enum: [...MEMBER_STATUSES_COUNTED],
  description: `${description} ${MEMBER_STATUSES_COUNTED.map((s) => `${s}: ${MEMBER_STATUS_COUNTED_DESCRIPTIONS[s]}.`).join(' ')}`,
});

export const MemberRegisteredV1Schema = eventDataSchema<MemberRegisteredV1>({
  type: EVENT_TYPES.MemberRegistered,
  title: 'MemberRegisteredV1',
  description:
    'A person who already is a Party member was entered into the system (import or by hand): counted in organisationId with status from now on. Not an admission.',
  properties: {
    memberId,
    organisationId: idSchema('The organisation (cell) whose list the member is on.'),
    status: countedStatus('The status the file records.'),
    decisionDate: dateSchema('The admission decision date (YYYY-MM-DD); Party age counts from it.'),
    ceremonyDate: nullable(dateSchema('The admission ceremony date (YYYY-MM-DD), when recorded.')),
    officialDate: nullable(dateSchema('The official date (YYYY-MM-DD); null while PROBATIONARY.')),
    memberSince: dateSchema('Since when the member is on the list of organisationId (YYYY-MM-DD).'),
    source: {
      type: 'string',
      enum: ['IMPORT', 'MANUAL'],
      description: 'IMPORT: from an imported member list. MANUAL: a file entered by hand.',
    },
  },
});

export const MemberReadmittedV1Schema = eventDataSchema<MemberReadmittedV1>({
  type: EVENT_TYPES.MemberReadmitted,
  title: 'MemberReadmittedV1',
  description:
    'A former member (removed or resigned) was admitted again (kết nạp lại): PROBATIONARY in organisationId from now on.',
  properties: {
    memberId,
    organisationId: idSchema('The cell that readmitted the member, where they are counted from now on.'),
    decisionDate: dateSchema('The readmission decision date (YYYY-MM-DD).'),
    ceremonyDate: nullable(dateSchema('The admission ceremony date (YYYY-MM-DD), when held.')),
  },
});

export const MemberRestoredV1Schema = eventDataSchema<MemberRestoredV1>({
  type: EVENT_TYPES.MemberRestored,
  title: 'MemberRestoredV1',
  description:
    'The decision that ended a membership was annulled (khôi phục đảng tịch): counted again in organisationId with status, Party age uninterrupted.',
  properties: {
    memberId,
    organisationId: idSchema('The organisation the member is counted in again.'),
    status: countedStatus('The status the member had before leaving, and has again.'),
    effectiveDate: effectiveDateSchema,
  },
});

export const MemberExemptedV1Schema = eventDataSchema<MemberExemptedV1>({
  type: EVENT_TYPES.MemberExempted,
  title: 'MemberExemptedV1',
  description:
    'An official member was exempted from Party activities and work (miễn sinh hoạt và công tác đảng) from effectiveDate: still counted, not graded in the yearly review.',
  properties: {
    memberId,
    organisationId: idSchema('The organisation the member belongs to.'),
    effectiveDate: effectiveDateSchema,
    until: nullable(dateSchema('The last day of the exemption (YYYY-MM-DD), when the decision sets one.')),
  },
});

export const MemberExemptionEndedV1Schema = eventDataSchema<MemberExemptionEndedV1>({
  type: EVENT_TYPES.MemberExemptionEnded,
  title: 'MemberExemptionEndedV1',
  description: 'An exemption from Party activities ended on effectiveDate: the member takes part again.',
  properties: {
    memberId,
    organisationId: idSchema('The organisation the member belongs to.'),
    effectiveDate: effectiveDateSchema,
  },
});

export const MemberDisciplinedV1Schema = eventDataSchema<MemberDisciplinedV1>({
  type: EVENT_TYPES.MemberDisciplined,
  title: 'MemberDisciplinedV1',
  description:
    'A disciplinary decision against a member took effect (kỷ luật đảng viên). An EXPULSION is followed by MemberLeft (reason EXPELLED). The reasons stay in the file.',
  properties: {
    memberId,
    organisationId: idSchema('The organisation the member belonged to when disciplined.'),
    form: {
      type: 'string',
      enum: ['REPRIMAND', 'WARNING', 'DISMISSAL', 'EXPULSION'],
      description:
        'REPRIMAND: khiển trách. WARNING: cảnh cáo. DISMISSAL: cách chức (from a Party post). EXPULSION: khai trừ.',
    },
    effectiveDate: effectiveDateSchema,
    decision: decisionSchema,
  },
});

export const MemberTransferLetterIssuedV1Schema = eventDataSchema<MemberTransferLetterIssuedV1>({
  type: EVENT_TYPES.MemberTransferLetterIssued,
  title: 'MemberTransferLetterIssuedV1',
  description:
    'The sending committee issued an introduction letter (giấy giới thiệu sinh hoạt đảng). The member is still counted in fromOrganisationId until the receiving side accepts (MemberTransferred) or the letter is cancelled.',
  properties: {
    memberId,
    letterId: idSchema('The introduction letter; named again by MemberTransferLetterCancelled.'),
    fromOrganisationId: idSchema('The sending organisation, where the member stays counted meanwhile.'),
    toOrganisationId: idSchema('The receiving organisation.'),
    kind: transferKind,
    issuedOn: dateSchema('The day the letter was issued (YYYY-MM-DD).'),
    deadline: dateSchema('The last day the receiving committee may accept it (YYYY-MM-DD; a dated rule).'),
  },
});

export const MemberTransferLetterCancelledV1Schema = eventDataSchema<MemberTransferLetterCancelledV1>({
  type: EVENT_TYPES.MemberTransferLetterCancelled,
  title: 'MemberTransferLetterCancelledV1',
  description:
    'An introduction letter was withdrawn or given up unaccepted: the member stays counted in fromOrganisationId.',
  properties: {
    memberId,
    letterId: idSchema('The letter (MemberTransferLetterIssued.letterId).'),
    fromOrganisationId: idSchema('The sending organisation.'),
    toOrganisationId: idSchema('The organisation that did not receive the member.'),
    reason: {
      type: 'string',
      enum: ['WITHDRAWN', 'EXPIRED', 'MEMBER_LEFT'],
      description:
        'WITHDRAWN: the sending committee withdrew it. EXPIRED: its deadline passed unaccepted. MEMBER_LEFT: the member left the Party meanwhile.',
    },
    effectiveDate: effectiveDateSchema,
  },
});

export const MemberTemporaryTransferEndedV1Schema = eventDataSchema<MemberTemporaryTransferEndedV1>({
  type: EVENT_TYPES.MemberTemporaryTransferEnded,
  title: 'MemberTemporaryTransferEndedV1',
  description:
    'A temporary transfer ended on effectiveDate: the member takes part in homeOrganisationId again (where they were counted all along).',
  properties: {
    memberId,
    homeOrganisationId: idSchema('The home organisation, where the member is counted.'),
    organisationId: idSchema('The organisation they had been temporarily transferred to.'),
    effectiveDate: effectiveDateSchema,
  },
});

export const MemberProfileChangedV1Schema = eventDataSchema<MemberProfileChangedV1>({
  type: EVENT_TYPES.MemberProfileChanged,
  title: 'MemberProfileChangedV1',
  description:
    "Fields of a member's file were corrected or updated. Only their names travel: the values (personal, some sensitive) stay in the file.",
  properties: {
    memberId,
    organisationId: idSchema('The organisation the member belongs to.'),
    fields: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      minItems: 1,
      uniqueItems: true,
      description: 'Names of the changed fields, e.g. "fullName", "politicalTheory".',
    },
    effectiveDate: effectiveDateSchema,
  },
});

const letter = '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99';

export const MemberRegisteredV1Example: MemberRegisteredV1 = {
  memberId: member,
  organisationId: EXAMPLE_IDS.tanLap,
  status: 'OFFICIAL',
  decisionDate: '1998-05-19',
  ceremonyDate: '1998-06-02',
  officialDate: '1999-06-02',
  memberSince: '2012-03-01',
  source: 'IMPORT',
};

export const MemberReadmittedV1Example: MemberReadmittedV1 = {
  memberId: member,
  organisationId: EXAMPLE_IDS.tanLap,
  decisionDate: '2031-04-10',
  ceremonyDate: '2031-04-20',
};

export const MemberRestoredV1Example: MemberRestoredV1 = {
  memberId: member,
  organisationId: EXAMPLE_IDS.gangThep,
  status: 'OFFICIAL',
  effectiveDate: '2027-06-15',
};

export const MemberExemptedV1Example: MemberExemptedV1 = {
  memberId: member,
  organisationId: EXAMPLE_IDS.tanLap,
  effectiveDate: '2026-01-05',
  until: null,
};

export const MemberExemptionEndedV1Example: MemberExemptionEndedV1 = {
  memberId: member,
  organisationId: EXAMPLE_IDS.tanLap,
  effectiveDate: '2026-08-01',
};

export const MemberDisciplinedV1Example: MemberDisciplinedV1 = {
  memberId: member,
  organisationId: EXAMPLE_IDS.gangThep,
  form: 'WARNING',
  effectiveDate: '2026-11-20',
  decision: { number: '45-QĐ/ĐU', date: '2026-11-20', issuedBy: 'Đảng ủy Công ty Gang thép' },
};

export const MemberTransferLetterIssuedV1Example: MemberTransferLetterIssuedV1 = {
  memberId: member,
  letterId: letter,
  fromOrganisationId: EXAMPLE_IDS.tanLap,
  toOrganisationId: EXAMPLE_IDS.gangThep,
  kind: 'PERMANENT',
  issuedOn: '2026-08-20',
  deadline: '2026-09-19',
};

export const MemberTransferLetterCancelledV1Example: MemberTransferLetterCancelledV1 = {
  memberId: member,
  letterId: letter,
  fromOrganisationId: EXAMPLE_IDS.tanLap,
  toOrganisationId: EXAMPLE_IDS.gangThep,
  reason: 'EXPIRED',
  effectiveDate: '2026-09-20',
};

export const MemberTemporaryTransferEndedV1Example: MemberTemporaryTransferEndedV1 = {
  memberId: member,
  homeOrganisationId: EXAMPLE_IDS.tanLap,
  organisationId: EXAMPLE_IDS.gangThep,
  effectiveDate: '2027-01-31',
};

export const MemberProfileChangedV1Example: MemberProfileChangedV1 = {
  memberId: member,
  organisationId: EXAMPLE_IDS.tanLap,
  fields: ['politicalTheory', 'professionalQualification'],
  effectiveDate: '2026-10-01',
};
