import { formatReport } from './report';
import type { SchemaCheckReport } from './check';

const FILES = { deliberate: 'schemas/deliberate-changes.json', released: 'schemas/released' };
const removed = { schema: 'supergraph', type: 'FIELD_REMOVED', change: 'Unit.code was removed.' };

describe('schema check report', () => {
  const empty: SchemaCheckReport = {
    breaking: [],
    deliberate: [],
    dangerous: [],
    stale: [],
    unreleased: [],
    ok: true,
  };

  it('names each break and the entry that would let it pass, ready to paste', () => {
    const text = formatReport({ ...empty, breaking: [removed], ok: false }, FILES);
    expect(text).toContain(
      '1 breaking change(s) against schemas/released:\n  supergraph  FIELD_REMOVED  Unit.code was removed.',
    );
    const entry = text.split('\n').find((line) => line.trim().startsWith('{'))!;
    expect(JSON.parse(entry)).toMatchObject({
      ...removed,
      reason: expect.any(String),
      issue: expect.any(String),
    });
    expect(text.trimEnd().endsWith('schema check: FAILED')).toBe(true);
  });

  it('shows deliberate changes with their issue, dangerous ones and stale entries', () => {
    const entry = { ...removed, reason: 'codes move to the registry', issue: '#99' };
    const text = formatReport(
      {
        ...empty,
        deliberate: [{ change: removed, entry }],
        dangerous: [
          {
            schema: 'supergraph',
            type: 'VALUE_ADDED_TO_ENUM',
            change: 'EXPELLED was added to enum type Standing.',
          },
        ],
        stale: [{ ...entry, change: 'Unit.name was removed.' }],
        ok: false,
      },
      FILES,
    );
    expect(text).toContain('Unit.code was removed.  (#99: codes move to the registry)');
    expect(text).toContain('VALUE_ADDED_TO_ENUM');
    expect(text).toContain('match no change (remove them):\n  supergraph  Unit.name was removed.');
  });
});
