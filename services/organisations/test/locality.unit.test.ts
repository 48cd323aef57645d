import { EVENT_TYPES } from '@dangvien/contracts';
import { headAt, localityVersionAt } from '../src/domain/locality';
import {
  decideAppointHead,
  decideDissolveLocality,
  decideLocalityCoverage,
  decideMoveLocality,
  decideRegisterLocality,
  decideRenameLocality,
} from '../src/domain/locality-rules';
import { RULES } from '../src/domain/rules';
import {
  codeOf,
  decision,
  expectValidEvents,
  head,
  locality,
  on,
  org,
  parentOn,
  REFORM,
  testStamp,
} from './fixtures';

const communeA = org('c1', { level: 'COMMUNE', parentId: 'p', name: 'Đảng bộ xã Đại Từ' });
const communeB = org('c2', { level: 'COMMUNE', parentId: 'p', name: 'Đảng bộ xã Hùng Sơn' });
const cellA = org('x1', { level: 'CELL', parentId: 'c1' });
const cellA2 = org('x2', { level: 'CELL', parentId: 'c1' });
const cellB = org('y1', { level: 'CELL', parentId: 'c2' });
const A = parentOn(communeA, REFORM, ['p']);
const B = parentOn(communeB, REFORM, ['p']);
const X1 = parentOn(cellA, REFORM, ['p', 'c1']);
const X2 = parentOn(cellA2, REFORM, ['p', 'c1']);
const Y1 = parentOn(cellB, REFORM, ['p', 'c2']);

const village = { id: 'l1', code: ' tn.dt.t1 ', name: ' Thôn  Đồng Cả ', kind: 'VILLAGE' as const };

describe('decideRegisterLocality', () => {
  it('registers a village of a commune without cells: one event, version 1', () => {
    const d = decision('2025-06-01');
    const { record, expectedVersion, events } = decideRegisterLocality(village, A, [], on(REFORM, d));
    expect(expectedVersion).toBeNull();
    expect(record).toMatchObject({ id: 'l1', code: 'TN.DT.T1', version: 1, heads: [] });
    expect(localityVersionAt(record, REFORM)).toMatchObject({
      name: 'Thôn Đồng Cả',
      communeId: 'c1',
      cellIds: [],
      status: 'ACTIVE',
    });
    expect(localityVersionAt(record, '2025-06-30')).toBeNull();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: EVENT_TYPES.LocalityRegistered,
      subject: 'l1',
      sequence: 1,
      data: { communeId: 'c1', kind: 'VILLAGE', effectiveDate: REFORM, decision: d },
    });
    expectValidEvents(events);
  });

  it('registers with covering cells (sorted, without duplicates) and a second event for the coverage', () => {
    const { record, events } = decideRegisterLocality(village, A, [X2, X1, X2], on(REFORM));
    expect(record.versions[0]!.cellIds).toEqual(['x1', 'x2']);
    expect(record.version).toBe(2);
    expect(events.map((e) => [e.type, e.sequence])).toEqual([
      [EVENT_TYPES.LocalityRegistered, 1],
      [EVENT_TYPES.LocalityCoverageChanged, 2],
    ]);
    expect(events[1]!.data).toMatchObject({ cellIds: ['x1', 'x2'], previousCellIds: [] });
    expectValidEvents(events);
  });

  it('refuses a unit that is not a commune, a covering unit that is not a cell, and a cell of another commune', () => {
    expect(codeOf(() => decideRegisterLocality(village, X1, [], on(REFORM)))).toBe(
      RULES.localityNeedsCommune,
    );
    const dissolvedCommune = parentOn(
      org('c9', { level: 'COMMUNE', parentId: 'p' }, { from: '2024-01-01', status: 'DISSOLVED' }),
      REFORM,
      ['p'],
    );
    expect(codeOf(() => decideRegisterLocality(village, dissolvedCommune, [], on(REFORM)))).toBe(
      RULES.localityNeedsCommune,
    );
    expect(codeOf(() => decideRegisterLocality(village, A, [B], on(REFORM)))).toBe(
      RULES.coveringUnitNotACell,
    );
    const dissolvedCell = parentOn(
      org('x9', { parentId: 'c1' }, { from: '2024-01-01', status: 'DISSOLVED' }),
      REFORM,
      ['p', 'c1'],
    );
    expect(codeOf(() => decideRegisterLocality(village, A, [dissolvedCell], on(REFORM)))).toBe(
      RULES.coveringUnitNotACell,
    );
    expect(codeOf(() => decideRegisterLocality(village, A, [X1, Y1], on(REFORM)))).toBe(
      RULES.cellOutsideCommune,
    );
  });

  it('accepts a cell deeper in the commune (under a grassroots committee) and a grassroots cell', () => {
    const deep = parentOn(org('x3', { parentId: 'gc' }), REFORM, ['p', 'c1', 'gc']);
    const grassroots = parentOn(org('gcell', { level: 'GRASSROOTS_CELL', parentId: 'c1' }), REFORM, [
      'p',
      'c1',
    ]);
    expect(
      decideRegisterLocality(village, A, [deep, grassroots], on(REFORM)).record.versions[0]!.cellIds,
    ).toEqual(['gcell', 'x3']);
  });

  it('refuses a bad date, decision, code or name', () => {
    expect(codeOf(() => decideRegisterLocality(village, A, [], on('2025-02-30')))).toBe(
      RULES.effectiveDateFormat,
    );
    expect(codeOf(() => decideRegisterLocality(village, A, [], on(REFORM, decision('2025-07-02'))))).toBe(
      RULES.decisionInvalid,
    );
    expect(codeOf(() => decideRegisterLocality({ ...village, code: 'a b' }, A, [], on(REFORM)))).toBe(
      RULES.codeFormat,
    );
    expect(codeOf(() => decideRegisterLocality({ ...village, name: ' ' }, A, [], on(REFORM)))).toBe(
      RULES.nameRequired,
    );
  });
});

describe('decideLocalityCoverage', () => {
  const registered = locality('l1', { communeId: 'c1', cellIds: ['x1'] });

  it('replaces the covering cells from the effective date and says what they were', () => {
    const { record, expectedVersion, events } = decideLocalityCoverage(registered, [X2], on(REFORM));
    expect(expectedVersion).toBe(registered.version);
    expect(record.version).toBe(registered.version + 1);
    expect(localityVersionAt(record, '2025-06-30')?.cellIds).toEqual(['x1']);
    expect(localityVersionAt(record, REFORM)).toMatchObject({ cellIds: ['x2'], change: 'COVERAGE_CHANGED' });
    expect(events[0]).toMatchObject({
      type: EVENT_TYPES.LocalityCoverageChanged,
      sequence: record.version,
      data: { cellIds: ['x2'], previousCellIds: ['x1'], effectiveDate: REFORM },
    });
    expectValidEvents(events);
    expect(decideLocalityCoverage(registered, [], on(REFORM)).record.versions[1]!.cellIds).toEqual([]);
  });

  it('refuses cells of another commune, a non-cell, a dissolved locality and a date before the last change', () => {
    expect(codeOf(() => decideLocalityCoverage(registered, [Y1], on(REFORM)))).toBe(RULES.cellOutsideCommune);
    expect(codeOf(() => decideLocalityCoverage(registered, [A], on(REFORM)))).toBe(
      RULES.coveringUnitNotACell,
    );
    const dissolved = locality('l2', { communeId: 'c1' }, [
      { from: '2024-01-01', status: 'DISSOLVED', change: 'DISSOLVED' },
    ]);
    expect(codeOf(() => decideLocalityCoverage(dissolved, [X1], on(REFORM)))).toBe(RULES.localityDissolved);
    const changed = locality('l3', { communeId: 'c1' }, [
      { from: '2025-08-01', name: 'Later', change: 'RENAMED' },
    ]);
    expect(codeOf(() => decideLocalityCoverage(changed, [X1], on(REFORM)))).toBe(
      RULES.effectiveDateBeforeLastChange,
    );
    expect(codeOf(() => decideLocalityCoverage(registered, [X1], on('2019-01-01')))).toBe(
      RULES.effectiveDateBeforeCreation,
    );
  });
});

describe('decideMoveLocality, decideRenameLocality, decideDissolveLocality', () => {
  const covered = locality('l1', { communeId: 'c1', cellIds: ['x1'] });

  it('moves to another commune; a plain move drops the old cells, a reorganisation keeps them', () => {
    const plain = decideMoveLocality(covered, B, on(REFORM));
    expect(localityVersionAt(plain.record, REFORM)).toMatchObject({
      communeId: 'c2',
      cellIds: [],
      change: 'MOVED',
    });
    expect(plain.events.map((e) => [e.type, e.sequence])).toEqual([
      [EVENT_TYPES.LocalityMoved, plain.record.version - 1],
      [EVENT_TYPES.LocalityCoverageChanged, plain.record.version],
    ]);
    expect(plain.events[0]!.data).toMatchObject({ previousCommuneId: 'c1', communeId: 'c2' });
    expect(plain.events[1]!.data).toMatchObject({ cellIds: [], previousCellIds: ['x1'] });
    expectValidEvents(plain.events);
    const merged = decideMoveLocality(covered, B, on(REFORM), {
      reorganisationId: 'r1',
      keepsCell: () => true,
    });
    expect(merged.events.map((e) => e.type)).toEqual([EVENT_TYPES.LocalityMoved]);
    expect(localityVersionAt(merged.record, REFORM)).toMatchObject({
      communeId: 'c2',
      cellIds: ['x1'],
      reorganisationId: 'r1',
    });
    expect(codeOf(() => decideMoveLocality(covered, X1, on(REFORM)))).toBe(RULES.localityNeedsCommune);
  });

  it('renames, refusing the same name', () => {
    const { record, events } = decideRenameLocality(covered, 'Thôn Mới', on(REFORM));
    expect(localityVersionAt(record, REFORM)?.name).toBe('Thôn Mới');
    expect(events[0]!.data).toMatchObject({ previousName: 'Thôn l1', name: 'Thôn Mới' });
    expectValidEvents(events);
    expect(codeOf(() => decideRenameLocality(covered, ' Thôn  l1 ', on(REFORM)))).toBe(RULES.nameUnchanged);
  });

  it('dissolves, dropping its cells, and refuses any later change', () => {
    const { record, events } = decideDissolveLocality(covered, 'l2', on(REFORM));
    expect(localityVersionAt(record, REFORM)).toMatchObject({ status: 'DISSOLVED', cellIds: [] });
    expect(localityVersionAt(record, '2025-06-30')?.status).toBe('ACTIVE');
    expect(events[0]).toMatchObject({ type: EVENT_TYPES.LocalityDissolved, data: { mergedIntoId: 'l2' } });
    expectValidEvents(events);
    expect(codeOf(() => decideRenameLocality(record, 'Other', on('2025-08-01')))).toBe(
      RULES.localityDissolved,
    );
    expect(codeOf(() => decideDissolveLocality(record, null, on('2025-08-01')))).toBe(
      RULES.localityDissolved,
    );
    expect(codeOf(() => decideAppointHead(record, head('Ai Đó', null, '2025-08-01'), testStamp()))).toBe(
      RULES.localityDissolved,
    );
  });
});

describe('decideAppointHead', () => {
  const withOpenHead = locality('l1', { communeId: 'c1' }, [], [head('Nguyễn Văn An', 'm1', '2020-01-01')]);

  it('closes the previous open term the day before the new one starts', () => {
    const { record, expectedVersion, events } = decideAppointHead(
      withOpenHead,
      head('  Trần Thị  Bình ', null, '2024-03-01'),
      testStamp(),
    );
    expect(expectedVersion).toBe(withOpenHead.version);
    expect(record.version).toBe(withOpenHead.version + 1);
    expect(record.heads).toEqual([
      head('Nguyễn Văn An', 'm1', '2020-01-01', '2024-02-29'),
      head('Trần Thị Bình', null, '2024-03-01', null),
    ]);
    expect(headAt(record, '2024-02-29')?.name).toBe('Nguyễn Văn An');
    expect(headAt(record, '2024-03-01')?.name).toBe('Trần Thị Bình');
    expect(headAt(record, '2019-12-31')).toBeNull();
    expect(events[0]).toMatchObject({
      type: EVENT_TYPES.LocalityHeadAppointed,
      subject: 'l1',
      sequence: record.version,
      data: { headName: 'Trần Thị Bình', memberId: null, termStart: '2024-03-01', termEnd: null },
    });
    expectValidEvents(events);
  });

  it('adds an earlier, closed term before the current one without touching it', () => {
    const { record } = decideAppointHead(
      withOpenHead,
      head('Lê Văn Cường', 'm2', '2015-01-01', '2019-12-31'),
      testStamp(),
    );
    expect(record.heads.map((h) => [h.name, h.termEnd])).toEqual([
      ['Lê Văn Cường', '2019-12-31'],
      ['Nguyễn Văn An', null],
    ]);
  });

  it('refuses overlapping terms', () => {
    const closed = locality(
      'l2',
      { communeId: 'c1' },
      [],
      [head('Nguyễn Văn An', 'm1', '2020-01-01', '2024-12-31')],
    );
    expect(
      codeOf(() => decideAppointHead(closed, head('Trần Thị Bình', null, '2024-06-01'), testStamp())),
    ).toBe(RULES.headTermsOverlap);
    expect(
      codeOf(() =>
        decideAppointHead(closed, head('Trần Thị Bình', null, '2019-01-01', '2020-01-01'), testStamp()),
      ),
    ).toBe(RULES.headTermsOverlap);
    // An open term cannot be closed by a term starting the same day.
    expect(
      codeOf(() => decideAppointHead(withOpenHead, head('Trần Thị Bình', null, '2020-01-01'), testStamp())),
    ).toBe(RULES.headTermsOverlap);
    // The day after the closed term is fine.
    expect(
      decideAppointHead(closed, head('Trần Thị Bình', null, '2025-01-01'), testStamp()).record.heads,
    ).toHaveLength(2);
  });

  it('refuses an invalid term, name or member id', () => {
    const empty = locality('l3', { communeId: 'c1' });
    expect(
      codeOf(() => decideAppointHead(empty, head('Trần Thị Bình', null, '2025-02-30'), testStamp())),
    ).toBe(RULES.headTermInvalid);
    expect(
      codeOf(() =>
        decideAppointHead(empty, head('Trần Thị Bình', null, '2025-03-01', '2025-02-28'), testStamp()),
      ),
    ).toBe(RULES.headTermInvalid);
    expect(
      codeOf(() =>
        decideAppointHead(empty, head('Trần Thị Bình', null, '2025-03-01', '2025-13-01'), testStamp()),
      ),
    ).toBe(RULES.headTermInvalid);
    expect(codeOf(() => decideAppointHead(empty, head(' ', null, '2025-03-01'), testStamp()))).toBe(
      RULES.nameRequired,
    );
    expect(
      codeOf(() =>
        decideAppointHead(empty, head('Trần Thị Bình', 'not a member id!', '2025-03-01'), testStamp()),
      ),
    ).toBe(RULES.memberIdInvalid);
    // A one-day term is valid.
    expect(
      decideAppointHead(empty, head('Trần Thị Bình', 'm-2', '2025-03-01', '2025-03-01'), testStamp()).record
        .heads,
    ).toHaveLength(1);
  });
});
