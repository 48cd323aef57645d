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
