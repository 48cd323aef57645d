import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { EventType } from './event-types';
import { EVENT_TYPES } from './event-types';
import { EVENT_DEFINITIONS } from './registry';

/** The JSON Schema (draft-07) of each event type's data; its `$id` is the event's `dataschema`. */
export const EVENT_SCHEMAS: Record<EventType, object> = Object.freeze(
  Object.fromEntries(
    (Object.values(EVENT_TYPES) as EventType[]).map((type) => [type, EVENT_DEFINITIONS[type].schema]),
  ),
) as Record<EventType, object>;

let ajv: Ajv | undefined;
const validators = new Map<EventType, ValidateFunction>();

// Compiled on first use and kept: compiling is the expensive part, validating is cheap.
function validatorFor(type: EventType): ValidateFunction {
  let validate = validators.get(type);
  if (!validate) {
    ajv ??= addFormats(new Ajv({ allErrors: true, strict: true }));
    validate = ajv.compile(EVENT_SCHEMAS[type]);
    validators.set(type, validate);
  }
  return validate;
}

export function validateEventData(
  type: EventType,
  data: unknown,
): { valid: true } | { valid: false; errors: string[] } {
  const validate = validatorFor(type);
  if (validate(data)) return { valid: true };
  // An `if` failure only repeats the error of the `then`/`else` branch it selected.
  const errors = (validate.errors ?? []).filter((error) => error.keyword !== 'if');
  return { valid: false, errors: errors.map(describeError) };
}

/** `/level must be equal to one of the allowed values: PROVINCE, COMMUNE, …` — enough to fix the producer. */
function describeError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  let detail = '';
  if (error.keyword === 'additionalProperties') detail = `: "${String(params.additionalProperty)}"`;
  else if (error.keyword === 'enum') detail = `: ${(params.allowedValues as unknown[]).join(', ')}`;
  return `${where} ${error.message ?? error.keyword}${detail}`;
}
