import { EVENT_TYPES } from '../event-types';
import {
  dateSchema,
  decisionSchema,
  effectiveDateSchema,
  eventDataSchema,
  idListSchema,
  idSchema,
  nullable,
} from '../json-schema';
import type { DecisionReference, LocalityKind } from '../organisation';
import { LOCALITY_KIND_DESCRIPTIONS, LOCALITY_KINDS } from '../organisation';
import { EXAMPLE_IDS } from './organisations';

// Locality events, published by the organisations service on its topic. The aggregate is one locality
// (thôn, xóm, bản, tổ dân phố) of a commune or ward; its id is the subject and the Kafka key.

/** A locality was registered under a commune or ward. Its first event. */
export interface LocalityRegisteredV1 {
  localityId: string;
  /** Its code, unique among localities. */
  code: string;
  name: string;
  kind: LocalityKind;
  /** The commune or ward organisation (level COMMUNE) it belongs to. */
  communeId: string;
  effectiveDate: string;
  decision: DecisionReference | null;
}

export interface LocalityRenamedV1 {
  localityId: string;
  previousName: string;
  name: string;
  effectiveDate: string;
  decision: DecisionReference | null;
}

/** A locality now belongs to another commune or ward. */
export interface LocalityMovedV1 {
  localityId: string;
  previousCommuneId: string;
  communeId: string;
  effectiveDate: string;
  decision: DecisionReference | null;
}

/** The residential cells covering a locality changed. Carries the whole new set, not a difference. */
export interface LocalityCoverageChangedV1 {
  localityId: string;
  /** The cells covering it from effectiveDate; [] = none. */
  cellIds: string[];
  /** The cells covering it before. */
  previousCellIds: string[];
  effectiveDate: string;
}

/** A locality has a new head (trưởng thôn, trưởng xóm, trưởng bản, tổ trưởng tổ dân phố). */
export interface LocalityHeadAppointedV1 {
  localityId: string;
  headName: string;
  /** The head's member id when the head is a Party member; null otherwise. */
  memberId: string | null;
  /** First day of the term, YYYY-MM-DD. */
  termStart: string;
  /** Last day of the term, YYYY-MM-DD; null when open-ended or unknown. */
  termEnd: string | null;
}

/** A locality ceased to exist, possibly merged into another. Its last event. */
export interface LocalityDissolvedV1 {
  localityId: string;
  /** The locality it was merged into; null when simply dissolved. */
  mergedIntoId: string | null;
  effectiveDate: string;
  decision: DecisionReference | null;
}

const localityId = idSchema('The locality (the aggregate); equals the event subject and the Kafka key.');
const text = (description: string): { type: 'string'; minLength: 1; description: string } => ({
  type: 'string',
  minLength: 1,
  description,
});
const communeId = (description: string): ReturnType<typeof idSchema> =>
  idSchema(`${description} A commune or ward organisation (level COMMUNE).`);

export const LocalityRegisteredV1Schema = eventDataSchema<LocalityRegisteredV1>({
  type: EVENT_TYPES.LocalityRegistered,
  title: 'LocalityRegisteredV1',
  description:
    'A locality (village, hamlet, mountain village or residential group) was registered under a commune or ward.',
  properties: {
    localityId,
    code: text('The locality code, unique among localities.'),
    name: text('Official name, e.g. "Xóm Đồng Tâm".'),
    kind: {
      type: 'string',
      enum: [...LOCALITY_KINDS],
      description: `Kind of locality. ${LOCALITY_KINDS.map((k) => `${k}: ${LOCALITY_KIND_DESCRIPTIONS[k]}.`).join(' ')}`,
    },
    communeId: communeId('The commune or ward it belongs to.'),
    effectiveDate: effectiveDateSchema,
    decision: decisionSchema,
  },
});

export const LocalityRenamedV1Schema = eventDataSchema<LocalityRenamedV1>({
  type: EVENT_TYPES.LocalityRenamed,
  title: 'LocalityRenamedV1',
  description: 'A locality took a new name.',
  properties: {
    localityId,
    previousName: text('The name before the change.'),
    name: text('The new name.'),
    effectiveDate: effectiveDateSchema,
    decision: decisionSchema,
  },
});

export const LocalityMovedV1Schema = eventDataSchema<LocalityMovedV1>({
  type: EVENT_TYPES.LocalityMoved,
  title: 'LocalityMovedV1',
  description: 'A locality now belongs to another commune or ward (e.g. after communes were merged).',
  properties: {
    localityId,
    previousCommuneId: communeId('The commune or ward it belonged to.'),
    communeId: communeId('The commune or ward it belongs to from effectiveDate.'),
    effectiveDate: effectiveDateSchema,
    decision: decisionSchema,
  },
});

export const LocalityCoverageChangedV1Schema = eventDataSchema<LocalityCoverageChangedV1>({
  type: EVENT_TYPES.LocalityCoverageChanged,
  title: 'LocalityCoverageChangedV1',
  description:
    'The residential Party cells covering a locality changed. Carries the whole set before and after, not a difference.',
  properties: {
    localityId,
    cellIds: idListSchema('The cells covering it from effectiveDate; empty when none does.', 0),
    previousCellIds: idListSchema('The cells that covered it before; empty when none did.', 0),
    effectiveDate: effectiveDateSchema,
  },
});

export const LocalityHeadAppointedV1Schema = eventDataSchema<LocalityHeadAppointedV1>({
  type: EVENT_TYPES.LocalityHeadAppointed,
  title: 'LocalityHeadAppointedV1',
  description:
    'A locality has a new head (trưởng thôn / xóm / bản, tổ trưởng tổ dân phố), replacing the previous one from termStart.',
  properties: {
    localityId,
    headName: text('Full name of the head.'),
    memberId: nullable(idSchema('The head as a Party member; null when the head is not one.')),
    termStart: dateSchema('First day of the term (YYYY-MM-DD).'),
    termEnd: nullable(dateSchema('Last day of the term (YYYY-MM-DD); null when open-ended or unknown.')),
  },
});

export const LocalityDissolvedV1Schema = eventDataSchema<LocalityDissolvedV1>({
  type: EVENT_TYPES.LocalityDissolved,
  title: 'LocalityDissolvedV1',
  description: 'A locality ceased to exist, possibly merged into another. Nothing more is published for it.',
  properties: {
    localityId,
    mergedIntoId: nullable(idSchema('The locality it was merged into; null when simply dissolved.')),
    effectiveDate: effectiveDateSchema,
    decision: decisionSchema,
  },
});

// Examples: the village of the Đồng Tâm cell (see the organisation examples).
export const LOCALITY_EXAMPLE_IDS = {
  dongTam: 'a3c1e5d7-2b4f-4a6c-8e0d-1f2a3b4c5d01',
  tanLap: 'a3c1e5d7-2b4f-4a6c-8e0d-1f2a3b4c5d02',
  head: 'c7e2a9b4-1d3f-4b5a-9c8e-2f3a4b5c6d70',
} as const;
const ids = LOCALITY_EXAMPLE_IDS;

export const LocalityRegisteredV1Example: LocalityRegisteredV1 = {
  localityId: ids.dongTam,
  code: 'DT-X05',
  name: 'Xóm Đồng Tâm',
  kind: 'HAMLET',
  communeId: EXAMPLE_IDS.daiTu,
  effectiveDate: '2025-07-01',
  decision: { number: '45/QĐ-UBND', date: '2025-06-25', issuedBy: 'UBND xã Đại Từ' },
};

export const LocalityRenamedV1Example: LocalityRenamedV1 = {
  localityId: ids.dongTam,
  previousName: 'Xóm Đồng Tâm',
  name: 'Xóm Đồng Tâm 1',
  effectiveDate: '2025-09-01',
  decision: null,
};

export const LocalityMovedV1Example: LocalityMovedV1 = {
  localityId: ids.dongTam,
  previousCommuneId: EXAMPLE_IDS.daiTu,
  communeId: EXAMPLE_IDS.phuXuyen,
  effectiveDate: '2025-10-01',
  decision: { number: '1234-QĐ/TU', date: '2025-09-15', issuedBy: 'Ban Thường vụ Tỉnh ủy' },
};

export const LocalityCoverageChangedV1Example: LocalityCoverageChangedV1 = {
  localityId: ids.dongTam,
  cellIds: [EXAMPLE_IDS.dongTam],
  previousCellIds: [],
  effectiveDate: '2025-07-01',
};

export const LocalityHeadAppointedV1Example: LocalityHeadAppointedV1 = {
  localityId: ids.dongTam,
  headName: 'Nguyễn Văn Hùng',
  memberId: ids.head,
  termStart: '2025-07-15',
  termEnd: '2027-12-31',
};

export const LocalityDissolvedV1Example: LocalityDissolvedV1 = {
  localityId: ids.dongTam,
  mergedIntoId: ids.tanLap,
  effectiveDate: '2026-01-01',
  decision: { number: '12/NQ-HĐND', date: '2025-12-05', issuedBy: 'HĐND xã Phú Xuyên' },
};
