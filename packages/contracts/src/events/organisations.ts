import { EVENT_TYPES } from '../event-types';
import type { JsonSchema } from '../json-schema';
import { eventDataSchema, idSchema, nullable } from '../json-schema';
import type { OrganisationLevel, OrganisationSector } from '../organisation';
import {
  ORGANISATION_LEVEL_DESCRIPTIONS,
  ORGANISATION_LEVELS,
  ORGANISATION_SECTOR_DESCRIPTIONS,
  ORGANISATION_SECTORS,
} from '../organisation';

// Events of the organisations service: the Party organisation tree. The aggregate is one organisation;
// its id is the CloudEvents subject and the Kafka key of every event below.

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
}

/** An organisation took a new name. */
export interface OrganisationRenamedV1 {
  organisationId: string;
  previousName: string;
  name: string;
}

/**
 * An organisation was re-parented (reorganisation: a merged commune, a cell moved to another grassroots
 * committee). Its descendants move with it: consumers holding their paths must rewrite them.
 */
export interface OrganisationMovedV1 {
  organisationId: string;
  previousParentId: string | null;
  parentId: string;
  /** The new ancestor ids, root first, ending with parentId. */
  path: string[];
}

/** An organisation was dissolved. Its history stays; nothing more is published for it. */
export interface OrganisationDissolvedV1 {
  organisationId: string;
  reason: string | null;
}

const organisationId = idSchema(
  'The organisation (the aggregate); equals the event subject and the Kafka key.',
);
const levelSchema: JsonSchema = {
  type: 'string',
  enum: [...ORGANISATION_LEVELS],
  description: `Level in the tree. ${ORGANISATION_LEVELS.map((l) => `${l}: ${ORGANISATION_LEVEL_DESCRIPTIONS[l]}.`).join(' ')}`,
};
const sectorSchema: JsonSchema = {
  type: 'string',
  enum: [...ORGANISATION_SECTORS],
  description: `Sector of the unit. ${ORGANISATION_SECTORS.map((s) => `${s}: ${ORGANISATION_SECTOR_DESCRIPTIONS[s]}.`).join(' ')}`,
};
const nameSchema = (description: string): JsonSchema => ({ type: 'string', minLength: 1, description });
function pathSchema(description: string, minItems: number): JsonSchema {
  return {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    uniqueItems: true,
    minItems,
    description,
  };
}

export const OrganisationCreatedV1Schema = eventDataSchema<OrganisationCreatedV1>({
  type: EVENT_TYPES.OrganisationCreated,
  title: 'OrganisationCreatedV1',
  description: 'A Party organisation was founded (or first registered) in the tree.',
  properties: {
    organisationId,
    code: nameSchema('The organisation code, unique in the tree.'),
    name: nameSchema('Official name, e.g. "Chi bộ xóm Đồng Tâm".'),
    level: levelSchema,
    sector: sectorSchema,
    parentId: nullable(
      idSchema('The parent organisation; null only for the root of the tree (the province).'),
    ),
    path: pathSchema(
      'Ancestor ids, root first, ending with parentId, excluding the organisation itself; empty for the root.',
      0,
    ),
  },
  // The root has no ancestors and every other organisation has at least its parent.
  constraints: {
    if: { properties: { parentId: { type: 'null' } } },
    then: { properties: { path: { type: 'array', maxItems: 0 } } },
    else: { properties: { path: { type: 'array', minItems: 1 } } },
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
  },
});

export const OrganisationMovedV1Schema = eventDataSchema<OrganisationMovedV1>({
  type: EVENT_TYPES.OrganisationMoved,
  title: 'OrganisationMovedV1',
  description:
    'An organisation was re-parented. Its descendants move with it: consumers holding their paths must rewrite them.',
  properties: {
    organisationId,
    previousParentId: nullable(idSchema('The parent before the move; null if it was a root.')),
    parentId: idSchema('The new parent.'),
    path: pathSchema('The new ancestor ids, root first, ending with parentId.', 1),
  },
});

export const OrganisationDissolvedV1Schema = eventDataSchema<OrganisationDissolvedV1>({
  type: EVENT_TYPES.OrganisationDissolved,
  title: 'OrganisationDissolvedV1',
  description: 'An organisation was dissolved. Its history stays; nothing more is published for it.',
  properties: {
    organisationId,
    reason: nullable(nameSchema('Why, as recorded in the decision; null when none was given.')),
  },
});

// Examples: shown in the AsyncAPI document and the README, and used by the tests.
const province = '0b7c3d52-5f0e-4d4c-9a51-2f1c6f0e0a01';
const daiTu = '0b7c3d52-5f0e-4d4c-9a51-2f1c6f0e0a17';
const phuXuyen = '0b7c3d52-5f0e-4d4c-9a51-2f1c6f0e0a23';
const dongTam = '6f1e9a8c-3b2d-4c5e-8f7a-1d2c3b4a5e60';

export const OrganisationCreatedV1Example: OrganisationCreatedV1 = {
  organisationId: dongTam,
  code: 'DT-017',
  name: 'Chi bộ xóm Đồng Tâm',
  level: 'CELL',
  sector: 'RESIDENTIAL',
  parentId: daiTu,
  path: [province, daiTu],
};

export const OrganisationRenamedV1Example: OrganisationRenamedV1 = {
  organisationId: dongTam,
  previousName: 'Chi bộ xóm Đồng Tâm',
  name: 'Chi bộ xóm Đồng Tâm 1',
};

export const OrganisationMovedV1Example: OrganisationMovedV1 = {
  organisationId: dongTam,
  previousParentId: daiTu,
  parentId: phuXuyen,
  path: [province, phuXuyen],
};

export const OrganisationDissolvedV1Example: OrganisationDissolvedV1 = {
  organisationId: dongTam,
  reason: 'Merged into Chi bộ xóm Tân Lập',
};
