import type { EventType } from './event-types';
import { dataSchemaUri } from './event-types';

/** A JSON Schema (draft-07) as a plain object. */
export type JsonSchema = { readonly [keyword: string]: unknown };

export const JSON_SCHEMA_DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];

/**
 * The schema of one event type's data. `properties` must name exactly the fields of the TypeScript
 * payload `T` (the compiler rejects a missing or an extra one), so the interface and the schema cannot
 * drift apart. Every field is required unless listed in `optional`, and no other field is allowed.
 */
export function eventDataSchema<T extends object>(spec: {
  type: EventType;
  title: string;
  description: string;
  properties: { readonly [K in keyof T]-?: JsonSchema };
  optional?: readonly OptionalKeys<T>[];
  /** Further constraints between fields (`if`/`then`/`else`, …). */
  constraints?: JsonSchema;
}): JsonSchema {
  const optional: readonly PropertyKey[] = spec.optional ?? [];
  return deepFreeze({
    $schema: JSON_SCHEMA_DRAFT_07,
    $id: dataSchemaUri(spec.type),
    title: spec.title,
    description: spec.description,
    type: 'object',
    additionalProperties: false,
    required: Object.keys(spec.properties).filter((key) => !optional.includes(key)),
    properties: spec.properties,
    ...spec.constraints,
  });
}

// A schema is a published contract: nobody may patch it at run time.
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export function idSchema(description: string): JsonSchema {
  return { type: 'string', minLength: 1, description };
}

export function nullable(schema: JsonSchema): JsonSchema {
  const { type, ...rest } = schema;
  return { type: [type, 'null'], ...rest };
}

/** A calendar date, `YYYY-MM-DD`, with no time or zone: the date a decision or a form names. */
export function dateSchema(description: string): JsonSchema {
  return { type: 'string', format: 'date', description };
}

export const effectiveDateSchema: JsonSchema = dateSchema(
  'The calendar date (YYYY-MM-DD) from which the change holds, as the decision states it. Independent of ce_time, which is when it was recorded: it may lie before it (a change recorded late) or after it (a change scheduled ahead).',
);

export const decisionSchema: JsonSchema = {
  type: ['object', 'null'],
  description:
    'The legal act (decision) that ordered the change, e.g. 1234-QĐ/TU; null when none is recorded (an initial import, a correction).',
  additionalProperties: false,
  required: ['number', 'date', 'issuedBy'],
  properties: {
    number: { type: 'string', minLength: 1, description: 'The decision number, e.g. "1234-QĐ/TU".' },
    date: dateSchema('The date the decision was signed (YYYY-MM-DD).'),
    issuedBy: {
      type: ['string', 'null'],
      minLength: 1,
      description: 'The issuing body, e.g. "Ban Thường vụ Tỉnh ủy"; null when not recorded.',
    },
  },
};

export function idListSchema(description: string, minItems: number): JsonSchema {
  return {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    uniqueItems: true,
    minItems,
    description,
  };
}
