import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSchemas } from './check';
import { parseDeliberateChanges } from './deliberate';
import {
  currentSchemas,
  deliberateChanges,
  governancePaths,
  releasedSchemas,
  writeRelease,
} from './repository';

// The files of the governance: a release written and read back, the deliberate list's format,
// and the repository's own schemas against its own baseline.

describe('schema governance files', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dangvien-schemas-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads back a release as written, drops a gone subgraph, and empties the deliberate list', () => {
    const paths = governancePaths(root);
    expect(releasedSchemas(paths)).toBeNull();
    const first = {
      subgraphs: { a: 'type Query { a: Int }\n', b: 'type Query { b: Int }\n' },
      api: 'type Query { a: Int b: Int }\n',
    };
    writeRelease(paths, first);
    writeFileSync(
      paths.deliberate,
      JSON.stringify({ changes: [{ schema: 'a', change: 'x', reason: 'long enough reason', issue: '#1' }] }),
    );
    writeRelease(paths, { ...first, subgraphs: { a: first.subgraphs.a } });
    const released = releasedSchemas(paths)!;
    expect(Object.keys(released.subgraphs)).toEqual(['a']);
    expect(released.subgraphs.a).toContain(first.subgraphs.a);
    expect(released.subgraphs.a).toMatch(/^# Released schema of a/);
    expect(existsSync(join(paths.released, 'b.graphql'))).toBe(false);
    expect(JSON.parse(readFileSync(paths.deliberate, 'utf8'))).toEqual({ changes: [] });
    expect(deliberateChanges(paths)).toEqual([]);
  });

  it('refuses a deliberate entry without a reason or an issue, naming it', () => {
    const json = JSON.stringify({
      changes: [{ schema: 'members', change: 'Member.name was removed.', reason: 'no' }],
    });
    expect(() => parseDeliberateChanges(json, 'deliberate-changes.json')).toThrow(
      /deliberate-changes\.json is not well formed:\n {2}- changes\.0\.reason: say why[^\n]*\n {2}- changes\.0\.issue/,
    );
  });

  it('the repository: current schemas pass against the committed release', () => {
    const paths = governancePaths();
    const released = releasedSchemas(paths);
    expect(released).not.toBeNull();
    const report = checkSchemas(released!, currentSchemas(), deliberateChanges(paths));
    expect(report.breaking).toEqual([]);
    expect(report.stale).toEqual([]);
  });
});
