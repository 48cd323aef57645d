import { EVENT_TYPES } from '../event-types';
import type { JsonSchema } from '../json-schema';
import {
  decisionSchema,
  effectiveDateSchema,
  eventDataSchema,
  idListSchema,
  idSchema,
  nullable,
} from '../json-schema';
import type { DecisionReference, Enterprise, OrganisationLevel, OrganisationSector } from '../organisation';
import {
  ENTERPRISE_SECTORS,
  ORGANISATION_LEVEL_DESCRIPTIONS,
  ORGANISATION_LEVELS,
  ORGANISATION_SECTOR_DESCRIPTIONS,
  ORGANISATION_SECTORS,
} from '../organisation';

// Events of the organisations service: the Party organisation tree. The aggregate is one organisation;
// its id is the CloudEvents subject and the Kafka key of every event below.
//
// Every change is dated: `effectiveDate` is the day it holds from, `decision` the act that ordered it.
// Consumers that answer "what did the tree look like on day D" apply changes by effectiveDate, not by
// arrival (see README.md, "Effective dates and lineage").

/** A Party organisation was founded (or first registered) in the tree. */
export interface OrganisationCreatedV1 {
  organisationId: string;
  /** The organisation's code, unique in the tree. */
  code: string;
  name: string;
  level: OrganisationLevel;
  sector: OrganisationSector;
  /** null only for the root of the tree (the province). */
  parentId: string | null;
  /** Ancestor ids, root first, ending with parentId, excluding the organisation itself; [] for the root. */
  path: string[];
  /** The enterprise it works in; null unless the sector is one of ENTERPRISE_SECTORS. */
  enterprise: Enterprise | null;
  /** The units merged or split into it (its lineage); [] for a plain creation. */
  predecessorIds: string[];
  effectiveDate: string;
  decision: DecisionReference | null;
}

/** An organisation took a new name. */
export interface OrganisationRenamedV1 {
  organisationId: string;
  previousName: string;
  name: string;
  effectiveDate: string;
  decision: DecisionReference | null;
}

/**
 * An organisation was re-parented (reorganisation: a merged commune, a cell moved to another grassroots
 * committee). The ONLY event of a move: its descendants move with it and get no event of their own, so
 * consumers holding their paths must rewrite them.
 */
export interface OrganisationMovedV1 {
  organisationId: string;
  previousParentId: string | null;
  parentId: string;
  /** The new ancestor ids, root first, ending with parentId. */
  path: string[];
  effectiveDate: string;
  decision: DecisionReference | null;
}

/** Why an organisation ceased to exist. */
export type DissolutionCause = 'DISSOLVED' | 'MERGED' | 'SPLIT';

/** An organisation was dissolved, merged into another or split up. Its history stays; nothing more is published for it. */
export interface OrganisationDissolvedV1 {
  organisationId: string;
  reason: string | null;
  cause: DissolutionCause;
  /** Where it went: [the merge target] for MERGED, the split's units for SPLIT, [] for DISSOLVED. */
  successorIds: string[];
  effectiveDate: string;
  decision: DecisionReference | null;
}

/** An organisation changed level, e.g. a grassroots cell that grew into a grassroots committee. */
export interface OrganisationReleveledV1 {
  organisationId: string;
  previousLevel: OrganisationLevel;
  level: OrganisationLevel;
  effectiveDate: string;
  decision: DecisionReference | null;
}

/**
 * Units were merged into one (the subject: the unit that remains, new or existing). Published besides
 * each absorbed unit's OrganisationDissolved (cause MERGED) and, for a new target, its OrganisationCreated.
 */
export interface OrganisationsMergedV1 {
  /** The target: the unit that remains. */
  organisationId: string;
  /** The absorbed units, at least one. */
  mergedIds: string[];
  /** true when the target was created by this merge, false when an existing unit absorbed the others. */
  targetCreated: boolean;
  /** Identifies this reorganisation; the related Created/Dissolved events are tied to it by lineage ids. */
  reorganisationId: string;
  effectiveDate: string;
  decision: DecisionReference | null;
}

/**
 * A unit was split (the subject). Published besides each new unit's OrganisationCreated and, when the
 * source ceases to exist, its OrganisationDissolved (cause SPLIT).
 */
export interface OrganisationSplitV1 {
  organisationId: string;
  /** The units it was split into, at least one. */
  intoIds: string[];
  /** true when the source ceased to exist, false when it continues next to the new units. */
  sourceDissolved: boolean;
  /** Identifies this reorganisation; the related Created/Dissolved events are tied to it by lineage ids. */
  reorganisationId: string;
  effectiveDate: string;
  decision: DecisionReference | null;
}

const organisationId = idSchema(
  'The organisation (the aggregate); equals the event subject and the Kafka key.',
);
function levelSchema(description: string): JsonSchema {
  return {
    type: 'string',
    enum: [...ORGANISATION_LEVELS],
    description: `${description} ${ORGANISATION_LEVELS.map((l) => `${l}: ${ORGANISATION_LEVEL_DESCRIPTIONS[l]}.`).join(' ')}`,
  };
}
const sectorSchema: JsonSchema = {
  type: 'string',
  enum: [...ORGANISATION_SECTORS],
  description: `Sector of the unit. ${ORGANISATION_SECTORS.map((s) => `${s}: ${ORGANISATION_SECTOR_DESCRIPTIONS[s]}.`).join(' ')}`,
};
const enterpriseSchema: JsonSchema = {
  type: ['object', 'null'],
  description: `The enterprise the organisation works in; null unless the sector is one of ${ENTERPRISE_SECTORS.join(', ')}.`,
  additionalProperties: false,
  required: ['name', 'taxCode'],
  properties: {
    name: { type: 'string', minLength: 1, description: 'Registered name of the enterprise or cooperative.' },
    taxCode: {
      type: ['string', 'null'],
      pattern: '^[0-9]{10}(-[0-9]{3})?$',
      description:
        'Tax code (mã số thuế): 10 digits, or 10 digits, "-" and 3 digits for a branch; null when not recorded.',
    },
  },
};
const reorganisationId = idSchema(
  'Identifies this merge or split. The Created and Dissolved events of the same reorganisation carry no such id: they are tied to it by their lineage ids and the same effectiveDate and decision.',
);
const nameSchema = (description: string): JsonSchema => ({ type: 'string', minLength: 1, description });
const path = (description: string, minItems: number): JsonSchema => idListSchema(description, minItems);

export const OrganisationCreatedV1Schema = eventDataSchema<OrganisationCreatedV1>({
  type: EVENT_TYPES.OrganisationCreated,
  title: 'OrganisationCreatedV1',
  description: 'A Party organisation was founded (or first registered) in the tree.',
  properties: {
    organisationId,
    code: nameSchema('The organisation code, unique in the tree.'),
    name: nameSchema('Official name, e.g. "Chi bộ xóm Đồng Tâm".'),
    level: levelSchema('Level in the tree.'),
    sector: sectorSchema,
    parentId: nullable(
      idSchema('The parent organisation; null only for the root of the tree (the province).'),
    ),
    path: path(
      'Ancestor ids, root first, ending with parentId, excluding the organisation itself; empty for the root.',
      0,
    ),
    enterprise: enterpriseSchema,
    predecessorIds: idListSchema(
      'The units merged or split into this one (its lineage); empty for a plain creation.',
      0,
    ),
    effectiveDate: effectiveDateSchema,
    decision: decisionSchema,
  },
  constraints: {
    allOf: [
      // The root has no ancestors and every other organisation has at least its parent.
      {
        if: { properties: { parentId: { type: 'null' } } },
        then: { properties: { path: { type: 'array', maxItems: 0 } } },
        else: { properties: { path: { type: 'array', minItems: 1 } } },
      },
      // Only an organisation of an enterprise sector has an enterprise.
      {
        if: { properties: { sector: { not: { enum: [...ENTERPRISE_SECTORS] } } } },
        then: { properties: { enterprise: { type: 'null' } } },
      },
    ],
  },
});

export const OrganisationRenamedV1Schema = eventDataSchema<OrganisationRenamedV1>({
  type: EVENT_TYPES.OrganisationRenamed,
  title: 'OrganisationRenamedV1',
  description: 'An organisation took a new name.',
  properties: {
    organisationId,
    previousName: nameSchema('The name before the change.'),
    name: nameSchema('The new name.'),
    effectiveDate: effectiveDateSchema,
    decision: decisionSchema,
  },
});

export const OrganisationMovedV1Schema = eventDataSchema<OrganisationMovedV1>({
  type: EVENT_TYPES.OrganisationMoved,
  title: 'OrganisationMovedV1',
  description:
    'An organisation was re-parented. The only event of a move: its descendants move with it and get no event of their own, so consumers holding their paths must rewrite them.',
  properties: {
    organisationId,
    previousParentId: nullable(idSchema('The parent before the move; null if it was a root.')),
    parentId: idSchema('The new parent.'),
    path: path('The new ancestor ids, root first, ending with parentId.', 1),
    effectiveDate: effectiveDateSchema,
    decision: decisionSchema,
  },
});

export const OrganisationDissolvedV1Schema = eventDataSchema<OrganisationDissolvedV1>({
  type: EVENT_TYPES.OrganisationDissolved,
  title: 'OrganisationDissolvedV1',
  description:
    'An organisation ceased to exist: dissolved, merged into another or split up. Its history stays; nothing more is published for it.',
  properties: {
    organisationId,
    reason: nullable(nameSchema('Why, as recorded in the decision; null when none was given.')),
    cause: {
      type: 'string',
      enum: ['DISSOLVED', 'MERGED', 'SPLIT'],
      description:
        'DISSOLVED: dissolved outright (giải thể). MERGED: absorbed by another unit (sáp nhập, hợp nhất). SPLIT: split into other units (chia tách).',
    },
    successorIds: idListSchema(
      'Where it went: [the merge target] for MERGED, the units of the split for SPLIT, empty for DISSOLVED.',
      0,
    ),
    effectiveDate: effectiveDateSchema,
    decision: decisionSchema,
  },
  constraints: {
    allOf: [
      {
        if: { properties: { cause: { const: 'DISSOLVED' } } },
        then: { properties: { successorIds: { type: 'array', maxItems: 0 } } },
      },
      {
        if: { properties: { cause: { const: 'MERGED' } } },
        then: { properties: { successorIds: { type: 'array', minItems: 1, maxItems: 1 } } },
      },
      {
        if: { properties: { cause: { const: 'SPLIT' } } },
        then: { properties: { successorIds: { type: 'array', minItems: 1 } } },
      },
    ],
  },
});

export const OrganisationReleveledV1Schema = eventDataSchema<OrganisationReleveledV1>({
  type: EVENT_TYPES.OrganisationReleveled,
  title: 'OrganisationReleveledV1',
  description:
    'An organisation changed level in the tree, e.g. a grassroots cell that grew into a grassroots committee. Its place in the tree is unchanged.',
  properties: {
    organisationId,
    previousLevel: levelSchema('The level before the change.'),
    level: levelSchema('The new level.'),
    effectiveDate: effectiveDateSchema,
    decision: decisionSchema,
  },
});

export const OrganisationsMergedV1Schema = eventDataSchema<OrganisationsMergedV1>({
  type: EVENT_TYPES.OrganisationsMerged,
  title: 'OrganisationsMergedV1',
  description:
    'Units were merged into one. The subject is the unit that remains (new or existing); each absorbed unit also gets OrganisationDissolved (cause MERGED) and a new target OrganisationCreated, all with the same effectiveDate.',
  properties: {
    organisationId: idSchema(
      'The target, the unit that remains (the aggregate); equals the event subject and the Kafka key.',
    ),
    mergedIds: idListSchema('The absorbed units, at least one; the target is not among them.', 1),
    targetCreated: {
      type: 'boolean',
      description:
        'true when the target was created by this merge (hợp nhất), false when an existing unit absorbed the others (sáp nhập).',
    },
    reorganisationId,
    effectiveDate: effectiveDateSchema,
    decision: decisionSchema,
  },
});

export const OrganisationSplitV1Schema = eventDataSchema<OrganisationSplitV1>({
  type: EVENT_TYPES.OrganisationSplit,
  title: 'OrganisationSplitV1',
  description:
    'A unit was split (the subject). Each new unit also gets OrganisationCreated with the source in predecessorIds, and a source that ceases to exist OrganisationDissolved (cause SPLIT), all with the same effectiveDate.',
  properties: {
    organisationId,
    intoIds: idListSchema('The units it was split into, at least one.', 1),
    sourceDissolved: {
      type: 'boolean',
      description:
        'true when the split unit ceased to exist, false when it continues next to the new units (a part was split off).',
    },
    reorganisationId,
    effectiveDate: effectiveDateSchema,
    decision: decisionSchema,
  },
});

// Examples: shown in the AsyncAPI document and the README, and used by the tests.
export const EXAMPLE_IDS = {
  province: '0b7c3d52-5f0e-4d4c-9a51-2f1c6f0e0a01',
  daiTu: '0b7c3d52-5f0e-4d4c-9a51-2f1c6f0e0a17',
  phuXuyen: '0b7c3d52-5f0e-4d4c-9a51-2f1c6f0e0a23',
  dongTam: '6f1e9a8c-3b2d-4c5e-8f7a-1d2c3b4a5e60',
  tanLap: '6f1e9a8c-3b2d-4c5e-8f7a-1d2c3b4a5e61',
  gangThep: '6f1e9a8c-3b2d-4c5e-8f7a-1d2c3b4a5e70',
  phuXuyenA: '6f1e9a8c-3b2d-4c5e-8f7a-1d2c3b4a5e81',
  phuXuyenB: '6f1e9a8c-3b2d-4c5e-8f7a-1d2c3b4a5e82',
  reorganisation: '9d4b2f1e-7a3c-4e5d-8b6a-0c1d2e3f4a50',
} as const;
const ids = EXAMPLE_IDS;

export const EXAMPLE_DECISION: DecisionReference = {
  number: '125-QĐ/ĐU',
  date: '2025-06-20',
  issuedBy: 'Đảng ủy xã Đại Từ',
};

export const OrganisationCreatedV1Example: OrganisationCreatedV1 = {
  organisationId: ids.dongTam,
  code: 'DT-017',
  name: 'Chi bộ xóm Đồng Tâm',
  level: 'CELL',
  sector: 'RESIDENTIAL',
  parentId: ids.daiTu,
  path: [ids.province, ids.daiTu],
  enterprise: null,
  predecessorIds: [],
  effectiveDate: '2025-07-01',
  decision: EXAMPLE_DECISION,
};

export const OrganisationRenamedV1Example: OrganisationRenamedV1 = {
  organisationId: ids.dongTam,
  previousName: 'Chi bộ xóm Đồng Tâm',
  name: 'Chi bộ xóm Đồng Tâm 1',
  effectiveDate: '2025-09-01',
  decision: { number: '210-QĐ/ĐU', date: '2025-08-25', issuedBy: 'Đảng ủy xã Đại Từ' },
};

export const OrganisationMovedV1Example: OrganisationMovedV1 = {
  organisationId: ids.dongTam,
  previousParentId: ids.daiTu,
  parentId: ids.phuXuyen,
  path: [ids.province, ids.phuXuyen],
  effectiveDate: '2025-10-01',
  decision: { number: '1234-QĐ/TU', date: '2025-09-15', issuedBy: 'Ban Thường vụ Tỉnh ủy' },
};

export const OrganisationDissolvedV1Example: OrganisationDissolvedV1 = {
  organisationId: ids.dongTam,
  reason: 'Merged into Chi bộ xóm Tân Lập',
  cause: 'MERGED',
  successorIds: [ids.tanLap],
  effectiveDate: '2026-01-01',
  decision: { number: '301-QĐ/ĐU', date: '2025-12-10', issuedBy: 'Đảng ủy xã Phú Xuyên' },
};

export const OrganisationReleveledV1Example: OrganisationReleveledV1 = {
  organisationId: ids.gangThep,
  previousLevel: 'GRASSROOTS_CELL',
  level: 'GRASSROOTS_COMMITTEE',
  effectiveDate: '2025-11-01',
  decision: { number: '1302-QĐ/TU', date: '2025-10-20', issuedBy: 'Ban Thường vụ Tỉnh ủy' },
};

export const OrganisationsMergedV1Example: OrganisationsMergedV1 = {
  organisationId: ids.tanLap,
  mergedIds: [ids.dongTam],
  targetCreated: false,
  reorganisationId: ids.reorganisation,
  effectiveDate: '2026-01-01',
  decision: OrganisationDissolvedV1Example.decision,
};

export const OrganisationSplitV1Example: OrganisationSplitV1 = {
  organisationId: ids.phuXuyen,
  intoIds: [ids.phuXuyenA, ids.phuXuyenB],
  sourceDissolved: false,
  reorganisationId: '9d4b2f1e-7a3c-4e5d-8b6a-0c1d2e3f4a51',
  effectiveDate: '2026-03-01',
  decision: { number: '1450-QĐ/TU', date: '2026-02-12', issuedBy: 'Ban Thường vụ Tỉnh ủy' },
};
