import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD` into a UTC midnight Date, refusing impossible dates such as 2025-02-30. */
export function parseCalendarDate(value: string): Date | null {
  const match = DATE_PATTERN.exec(value);
  if (!match) return null;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.toISOString().slice(0, 10) === value ? date : null;
}

export function formatCalendarDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function fail(name: string, value: unknown): never {
  throw new GraphQLError(`${name} cannot represent ${JSON.stringify(value)}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/** A calendar date without time or zone (a decision date, an effective date): `2025-07-01`. */
export const DateScalar = new GraphQLScalarType<Date, string>({
  name: 'Date',
  description: 'A calendar date, ISO-8601 `YYYY-MM-DD`, with no time of day or time zone.',
  serialize(value) {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return formatCalendarDate(value);
    if (typeof value === 'string' && parseCalendarDate(value)) return value;
    return fail('Date', value);
  },
  parseValue(value) {
    return (typeof value === 'string' && parseCalendarDate(value)) || fail('Date', value);
  },
  parseLiteral(ast) {
    return (ast.kind === Kind.STRING && parseCalendarDate(ast.value)) || fail('Date', ast.kind);
  },
});

const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): Date | null {
  if (typeof value !== 'string' || !DATE_TIME_PATTERN.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** An instant, ISO-8601 with an offset; always serialised in UTC. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant, ISO-8601 with a time zone offset, e.g. `2025-07-01T08:00:00.000Z`.',
  serialize(value) {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
    const parsed = parseDateTime(value);
    return parsed ? parsed.toISOString() : fail('DateTime', value);
  },
  parseValue(value) {
    return parseDateTime(value) ?? fail('DateTime', value);
  },
  parseLiteral(ast) {
    return (ast.kind === Kind.STRING && parseDateTime(ast.value)) || fail('DateTime', ast.kind);
  },
});
