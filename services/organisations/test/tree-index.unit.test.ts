import type { TreeIndex } from '../src/tree/tree-index';
import { DAY_BEFORE_REFORM as BEFORE, head, ids, indexOf, locality, org, REFORM as AFTER } from './fixtures';

/**
 * Province p; communes A ("Đại Từ") and B ("Hùng Sơn") since 2020. Under A: cells a1 (with party group
 * g1) and a2. On 1 Jul 2025 a1 moves to B, a2 and A are dissolved; A's villages v1, v2 move to B.
 */
const p = org('p', { level: 'PROVINCE', name: 'Đảng bộ tỉnh Thái Nguyên' });
const A = org(
  'a',
  { level: 'COMMUNE', parentId: 'p', name: 'Đảng bộ xã Đại Từ' },
  { from: AFTER, status: 'DISSOLVED', change: 'DISSOLVED' },
);
const B = org('b', { level: 'COMMUNE', parentId: 'p', name: 'Đảng bộ xã Hùng Sơn' });
const a1 = org(
  'a1',
  { parentId: 'a', name: 'Chi bộ xóm Đồng Cả' },
  { from: AFTER, parentId: 'b', change: 'MOVED' },
);
const a2 = org(
  'a2',
  { parentId: 'a', name: 'Chi bộ xóm Na Mao' },
  { from: AFTER, status: 'DISSOLVED', change: 'DISSOLVED' },
);
const g1 = org('g1', { level: 'PARTY_GROUP', parentId: 'a1', name: 'Tổ đảng 1' });
const b1 = org('b1', { parentId: 'b', name: 'Chi bộ tổ Đại Từ mới' });
const school = org('s', {
  level: 'GRASSROOTS_CELL',
  sector: 'SCHOOL',
  parentId: 'p',
  name: 'Chi bộ trường THPT Đại Từ',
  from: '2026-01-01',
});

const v1 = locality(
  'v1',
  { communeId: 'a', cellIds: ['a1'] },
  [{ from: AFTER, communeId: 'b', change: 'MOVED' }],
  [head('Nguyễn Văn An', 'm1', '2020-01-01', BEFORE), head('Trần Thị Bình', null, AFTER)],
);
// Moved with its (now dissolved) cell still listed: covering cells are read as of the date.
const v2 = locality(
  'v2',
  { communeId: 'a', cellIds: ['a2'] },
  [{ from: AFTER, communeId: 'b', change: 'MOVED' }],
  [head('Lê Văn Cường', 'm2', '2023-01-01')],
);
const v3 = locality(
  'v3',
  { communeId: 'b', kind: 'RESIDENTIAL_GROUP' },
  [],
  [head('Hoàng Văn Dũng', 'm3', '2025-07-02')],
);

function tree(): TreeIndex {
  return indexOf([p, A, B, a1, a2, g1, b1, school], [v1, v2, v3]);
}

describe('TreeIndex: the tree as of a date', () => {
  const index = tree();

  it('answers children before and after the reorganisation', () => {
    expect(ids(index.children('a', BEFORE))).toEqual(['a1', 'a2']);
    expect(ids(index.children('a', AFTER))).toEqual([]);
    expect(ids(index.children('a', AFTER, true))).toEqual(['a2']);
    expect(ids(index.children('b', BEFORE))).toEqual(['b1']);
    expect(ids(index.children('b', AFTER))).toEqual(['a1', 'b1']);
    expect(ids(index.children('p', BEFORE))).toEqual(['a', 'b']);
    expect(ids(index.children('p', AFTER))).toEqual(['b']);
    expect(ids(index.children('p', '2019-12-31'))).toEqual([]);
  });

  it('answers subtrees depth first, children by code', () => {
    expect(ids(index.subtree('p', BEFORE))).toEqual(['a', 'a1', 'g1', 'a2', 'b', 'b1']);
    expect(ids(index.subtree('p', AFTER))).toEqual(['b', 'a1', 'g1', 'b1']);
    expect(ids(index.subtree('b', AFTER))).toEqual(['a1', 'g1', 'b1']);
    expect(ids(index.subtree('p', '2026-01-01'))).toEqual(['b', 'a1', 'g1', 'b1', 's']);
  });

  it('answers ancestors, root first, as of the date', () => {
    expect(ids(index.ancestors('g1', BEFORE))).toEqual(['p', 'a', 'a1']);
    expect(ids(index.ancestors('g1', AFTER))).toEqual(['p', 'b', 'a1']);
    expect(ids(index.ancestors('p', AFTER))).toEqual([]);
    expect(ids(index.ancestors('a1', '2019-12-31'))).toEqual([]);
  });

  it('reads single units and codes with their state on the date', () => {
    expect(index.organisation('a', BEFORE)?.state.status).toBe('ACTIVE');
    expect(index.organisation('a', AFTER)?.state.status).toBe('DISSOLVED');
    expect(index.organisation('s', '2025-12-31')).toBeNull();
    expect(index.organisationByCode('A1', AFTER)?.state.parentId).toBe('b');
    expect(index.isActive('a', BEFORE)).toBe(true);
    expect(index.isActive('a', AFTER)).toBe(false);
    expect(index.isActive('nope', AFTER)).toBe(false);
    expect(ids(index.roots(AFTER))).toEqual(['p']);
  });

  it('lists organisations by level, on the date', () => {
    expect(ids(index.listOrganisations({ levels: ['COMMUNE'] }, BEFORE))).toEqual(['a', 'b']);
    expect(ids(index.listOrganisations({ levels: ['COMMUNE'] }, AFTER))).toEqual(['b']);
    expect(ids(index.listOrganisations({ levels: ['COMMUNE'], includeDissolved: true }, AFTER))).toEqual([
      'a',
      'b',
    ]);
    expect(ids(index.listOrganisations({ levels: ['CELL', 'PARTY_GROUP'] }, AFTER))).toEqual([
      'a1',
      'b1',
      'g1',
    ]);
    expect(ids(index.listOrganisations({ sectors: ['SCHOOL'] }, '2026-01-01'))).toEqual(['s']);
    expect(ids(index.listOrganisations({ sectors: ['SCHOOL'] }, AFTER))).toEqual([]);
  });

  it('searches names without diacritics or case, and codes by prefix', () => {
    const plain = ids(index.listOrganisations({ search: 'dai tu' }, BEFORE));
    expect(plain).toEqual(['a', 'b1']);
    expect(ids(index.listOrganisations({ search: 'Đại Từ' }, BEFORE))).toEqual(plain);
    expect(ids(index.listOrganisations({ search: 'ĐẠI TỪ' }, BEFORE))).toEqual(plain);
    expect(ids(index.listOrganisations({ search: 'dai tu' }, AFTER))).toEqual(['b1']);
    expect(ids(index.listOrganisations({ search: 'dai tu', includeDissolved: true }, AFTER))).toEqual([
      'a',
      'b1',
    ]);
    expect(ids(index.listOrganisations({ search: 'hung son' }, AFTER))).toEqual(['b']);
    expect(ids(index.listOrganisations({ search: 'a1' }, AFTER))).toEqual(['a1']);
  });

  it('lists a subtree with `under`, following the moves', () => {
    expect(ids(index.listOrganisations({ under: 'a' }, BEFORE))).toEqual(['a1', 'a2', 'g1']);
    expect(ids(index.listOrganisations({ under: 'a' }, AFTER))).toEqual([]);
    expect(ids(index.listOrganisations({ under: 'a', includeDissolved: true }, AFTER))).toEqual(['a2']);
    expect(ids(index.listOrganisations({ under: 'b' }, AFTER))).toEqual(['a1', 'b1', 'g1']);
    expect(ids(index.listOrganisations({ under: 'p', levels: ['CELL'], search: 'dong ca' }, AFTER))).toEqual([
      'a1',
    ]);
    expect(ids(index.listOrganisations({ under: 'p', includeDissolved: true }, AFTER))).toEqual([
      'a',
      'a1',
      'a2',
      'b',
      'b1',
      'g1',
    ]);
  });
});

describe('TreeIndex: upserts', () => {
  it('ignores a version older than (or the same as) the one held', () => {
    const index = tree();
    const stale = { ...a1, versions: a1.versions.slice(0, 1), version: 1 };
    expect(index.upsertOrganisation(stale)).toBe(false);
    expect(index.upsertOrganisation(a1)).toBe(false);
    expect(ids(index.children('b', AFTER))).toEqual(['a1', 'b1']);
    expect(index.organisationRecord('a1')?.versions).toHaveLength(2);
    expect(index.upsertLocality({ ...v1, versions: v1.versions.slice(0, 1), version: 1 })).toBe(false);
    expect(ids(index.localitiesOf('b', AFTER))).toContain('v1');
  });

  it('re-indexes a newer version: a later move shows under the new parent only from its date', () => {
    const index = indexOf([
      p,
      B,
      org('a', { level: 'COMMUNE', parentId: 'p' }),
      org('a1', { parentId: 'a' }),
    ]);
    expect(ids(index.children('b', AFTER))).toEqual([]);
    expect(index.upsertOrganisation(a1)).toBe(true);
    expect(ids(index.children('a', BEFORE))).toEqual(['a1']);
    expect(ids(index.children('a', AFTER))).toEqual([]);
    expect(ids(index.children('b', AFTER))).toEqual(['a1']);
    expect(index.size).toEqual({ organisations: 4, localities: 0 });
  });

  it('finds renamed units by their new name from the rename date only', () => {
    const index = tree();
    const renamed = org(
      'b1',
      { parentId: 'b', name: 'Chi bộ tổ Đại Từ mới' },
      { from: '2025-09-01', name: 'Chi bộ tổ Tân Thái' },
    );
    expect(index.upsertOrganisation(renamed)).toBe(true);
    expect(ids(index.listOrganisations({ search: 'tan thai' }, '2025-08-31'))).toEqual([]);
    expect(ids(index.listOrganisations({ search: 'tan thai' }, '2025-09-01'))).toEqual(['b1']);
    expect(ids(index.listOrganisations({ search: 'dai tu' }, '2025-09-01'))).toEqual([]);
  });
});

describe('TreeIndex: localities', () => {
  const index = tree();

  it('lists the localities of a commune on the date', () => {
    expect(ids(index.localitiesOf('a', BEFORE))).toEqual(['v1', 'v2']);
    expect(ids(index.localitiesOf('a', AFTER))).toEqual([]);
    expect(ids(index.localitiesOf('b', BEFORE))).toEqual(['v3']);
    expect(ids(index.localitiesOf('b', AFTER))).toEqual(['v1', 'v2', 'v3']);
  });

  it('lists localities under a unit, by kind, and those without an active covering cell', () => {
    expect(ids(index.listLocalities({ under: 'p' }, BEFORE))).toEqual(['v1', 'v2', 'v3']);
    expect(ids(index.listLocalities({}, AFTER))).toEqual(['v1', 'v2', 'v3']);
    expect(ids(index.listLocalities({ under: 'a' }, AFTER))).toEqual([]);
    expect(ids(index.listLocalities({ under: 'p', kinds: ['RESIDENTIAL_GROUP'] }, AFTER))).toEqual(['v3']);
    expect(ids(index.listLocalities({ withoutCell: true }, BEFORE))).toEqual(['v3']);
    // v2 still lists a2, but a2 is dissolved from 1 July.
    expect(ids(index.listLocalities({ withoutCell: true }, AFTER))).toEqual(['v2', 'v3']);
    expect(ids(index.coveringCells(index.locality('v2', BEFORE)!))).toEqual(['a2']);
    expect(ids(index.coveringCells(index.locality('v2', AFTER)!))).toEqual([]);
  });

  it('answers which localities a cell covers, following its moves', () => {
    expect(ids(index.coveredBy('a1', BEFORE))).toEqual(['v1']);
    expect(ids(index.coveredBy('a1', AFTER))).toEqual(['v1']);
    expect(ids(index.coveredBy('a2', BEFORE))).toEqual(['v2']);
    expect(ids(index.coveredBy('a2', AFTER))).toEqual([]);
    expect(ids(index.coveredBy('b1', AFTER))).toEqual([]);
  });

  it('computes the share of heads in office who are Party members, by the terms on the date', () => {
    expect(index.headMembership('p', BEFORE)).toEqual({
      localities: 3,
      withHead: 2,
      headsWhoAreMembers: 2,
      share: 1,
    });
    expect(index.headMembership('p', AFTER)).toEqual({
      localities: 3,
      withHead: 2,
      headsWhoAreMembers: 1,
      share: 0.5,
    });
    expect(index.headMembership('p', '2025-07-02')).toEqual({
      localities: 3,
      withHead: 3,
      headsWhoAreMembers: 2,
      share: 2 / 3,
    });
    expect(index.headMembership('b', BEFORE)).toEqual({
      localities: 1,
      withHead: 0,
      headsWhoAreMembers: 0,
      share: null,
    });
    expect(index.headMembership('a', BEFORE)).toEqual({
      localities: 2,
      withHead: 2,
      headsWhoAreMembers: 2,
      share: 1,
    });
    expect(index.headMembership('a', AFTER)).toEqual({
      localities: 0,
      withHead: 0,
      headsWhoAreMembers: 0,
      share: null,
    });
  });
});
