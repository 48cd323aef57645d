import { EVENT_TYPES, ORGANISATION_LEVELS, ORGANISATION_SECTORS } from '@dangvien/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import type { GraphQLEnumType } from 'graphql';
import { dayBefore, isCalendarDate, todayInVietnam } from '@dangvien/domain';
import { activeAt, createdOn, dissolvedOn, latest, versionAt } from '../src/domain/history';
import type { CreateCommand } from '../src/domain/organisation';
import {
  decideCreate,
  decideDissolve,
  decideMove,
  decideRelevel,
  decideRename,
  RULES,
} from '../src/domain/organisation';
import { searchKey } from '../src/domain/search';
import { STRUCTURE_VERSIONS, structureAt } from '../src/domain/structure';
import { codeOf, decision, expectValidEvents, FOUNDED, on, org, parentOn, refusal, REFORM } from './fixtures';

const province = org('p', { level: 'PROVINCE', name: 'Đảng bộ tỉnh Thái Nguyên' });
const communeA = org('c1', { level: 'COMMUNE', parentId: 'p', name: 'Đảng bộ xã Đại Từ' });
const communeB = org('c2', { level: 'COMMUNE', parentId: 'p', name: 'Đảng bộ xã Hùng Sơn' });
const cell = org('x', { level: 'CELL', parentId: 'c1', name: 'Chi bộ xóm Đồng Cả' });

const P = parentOn(province, REFORM);
const A = parentOn(communeA, REFORM, ['p']);
const B = parentOn(communeB, REFORM, ['p']);

function command(overrides: Partial<CreateCommand> = {}): CreateCommand {
  return {
    id: 'n',
    code: 'TN.N',
    name: 'Chi bộ xóm Mới',
    level: 'CELL',
    sector: 'RESIDENTIAL',
    enterprise: null,
    ...overrides,
  };
}

describe('calendar dates', () => {
  it('accepts only real dates written YYYY-MM-DD', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-02-30')).toBe(false);
    expect(isCalendarDate('2025-7-1')).toBe(false);
    expect(isCalendarDate('2025-07-01T00:00:00Z')).toBe(false);
  });

  it('knows the day before across months, years and leap days', () => {
    expect(dayBefore('2025-07-01')).toBe('2025-06-30');
    expect(dayBefore('2025-01-01')).toBe('2024-12-31');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
  });

  it('dates "today" in Vietnam (UTC+7)', () => {
    expect(todayInVietnam(new Date('2025-06-30T16:59:59Z'))).toBe('2025-06-30');
    expect(todayInVietnam(new Date('2025-06-30T17:00:00Z'))).toBe('2025-07-01');
  });
});

describe('history: versionAt and activeAt', () => {
  const record = org(
    'h',
    { from: '2020-01-01', name: 'First', level: 'COMMUNE', parentId: 'p' },
    { from: '2023-05-10', name: 'Second' },
    { from: '2025-07-01', status: 'DISSOLVED', change: 'DISSOLVED' },
  );

  it('is null before creation', () => {
    expect(versionAt(record, '2019-12-31')).toBeNull();
    expect(activeAt(record, '2019-12-31')).toBeNull();
  });

  it('holds a version from its first day until the day before the next one', () => {
    expect(versionAt(record, '2020-01-01')?.name).toBe('First');
    expect(versionAt(record, '2023-05-09')?.name).toBe('First');
    expect(versionAt(record, '2023-05-10')?.name).toBe('Second');
    expect(versionAt(record, '2025-06-30')?.name).toBe('Second');
  });

  it('keeps the dissolved version (versionAt) but is no longer active (activeAt) from the dissolution day', () => {
    expect(activeAt(record, '2025-06-30')?.name).toBe('Second');
    expect(versionAt(record, '2025-07-01')?.status).toBe('DISSOLVED');
    expect(activeAt(record, '2025-07-01')).toBeNull();
    expect(activeAt(record, '2099-01-01')).toBeNull();
  });

  it('takes the later of two versions from the same day', () => {
    const twice = org(
      't',
      { name: 'One' },
      { from: '2024-01-01', name: 'Two' },
      { from: '2024-01-01', name: 'Three' },
    );
    expect(versionAt(twice, '2024-01-01')?.name).toBe('Three');
  });

  it('reports creation, the latest state and the dissolution day', () => {
    expect(createdOn(record)).toBe('2020-01-01');
    expect(latest(record).status).toBe('DISSOLVED');
    expect(dissolvedOn(record)).toBe('2025-07-01');
    expect(dissolvedOn(communeA)).toBeNull();
  });
});

describe('decideCreate', () => {
  it('creates a cell under a commune, normalising code and name, with one valid dated event', () => {
    const d = decision('2025-06-20');
    const { record, expectedVersion, events } = decideCreate(
      command({ code: ' tn.dt.01 ', name: '  Chi bộ   xóm Đồng Cả ' }),
      A,
      on(REFORM, d),
    );
    expect(expectedVersion).toBeNull();
    expect(record).toMatchObject({
      id: 'n',
      code: 'TN.DT.01',
      version: 1,
      predecessorIds: [],
      successorIds: [],
    });
    expect(record.versions).toEqual([
      expect.objectContaining({
        from: REFORM,
        name: 'Chi bộ xóm Đồng Cả',
        parentId: 'c1',
        status: 'ACTIVE',
        change: 'CREATED',
        decision: d,
      }),
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: EVENT_TYPES.OrganisationCreated,
      subject: 'n',
      sequence: record.version,
      data: { organisationId: 'n', parentId: 'c1', path: ['p', 'c1'], effectiveDate: REFORM, decision: d },
    });
    expectValidEvents(events);
  });

  it('creates a province as a root, with an empty path', () => {
    const { record, events } = decideCreate(
      command({ id: 'p2', code: 'BK', level: 'PROVINCE' }),
      null,
      on(FOUNDED),
    );
    expect(latest(record).parentId).toBeNull();
    expect(events[0]!.data).toMatchObject({ parentId: null, path: [] });
    expectValidEvents(events);
  });

  it('refuses an impossible effective date and a decision signed after the effective date', () => {
    expect(codeOf(() => decideCreate(command(), A, on('2025-02-30')))).toBe(RULES.effectiveDateFormat);
    expect(refusal(() => decideCreate(command(), A, on('2025-02-30'))).field).toEqual(['effectiveDate']);
    expect(codeOf(() => decideCreate(command(), A, on(REFORM, decision('2025-07-02'))))).toBe(
      RULES.decisionInvalid,
    );
    expect(codeOf(() => decideCreate(command(), A, on(REFORM, decision('2025-07-01', '  '))))).toBe(
      RULES.decisionInvalid,
    );
    expect(codeOf(() => decideCreate(command(), A, on(REFORM, decision('2025-13-01'))))).toBe(
      RULES.decisionInvalid,
    );
    // Signed on the effective day itself is fine.
    expect(decideCreate(command(), A, on(REFORM, decision(REFORM))).record.versions[0]!.decision?.date).toBe(
      REFORM,
    );
  });

  it('places each level only under the levels the structure allows', () => {
    expect(codeOf(() => decideCreate(command({ level: 'COMMUNE' }), A, on(REFORM)))).toBe(
      RULES.levelNotAllowedUnderParent,
    );
    expect(codeOf(() => decideCreate(command({ level: 'CELL' }), P, on(REFORM)))).toBe(
      RULES.levelNotAllowedUnderParent,
    );
    expect(codeOf(() => decideCreate(command({ level: 'CELL' }), null, on(REFORM)))).toBe(
      RULES.levelNotAllowedUnderParent,
    );
    expect(codeOf(() => decideCreate(command({ level: 'PROVINCE' }), P, on(REFORM)))).toBe(
      RULES.levelNotAllowedUnderParent,
    );
    expect(decideCreate(command({ level: 'COMMUNE' }), P, on(REFORM)).record.versions[0]!.level).toBe(
      'COMMUNE',
    );
  });

  it('applies the structure in force on the effective date: a commune under a district only before the reform', () => {
    const district = org('dt', { level: 'DISTRICT', parentId: 'p' });
    const before = parentOn(district, '2025-06-30', ['p']);
    expect(
      decideCreate(command({ level: 'COMMUNE' }), before, on('2025-06-30')).record.versions[0]!.parentId,
    ).toBe('dt');
    expect(
      codeOf(() =>
        decideCreate(command({ level: 'COMMUNE' }), parentOn(district, REFORM, ['p']), on(REFORM)),
      ),
    ).toBe(RULES.levelNotAllowedUnderParent);
    expect(codeOf(() => decideCreate(command({ level: 'DISTRICT' }), P, on(REFORM)))).toBe(
      RULES.levelNotAllowedUnderParent,
    );
  });

  it('refuses a parent dissolved on the date', () => {
    const dissolved = org(
      'd',
      { level: 'COMMUNE', parentId: 'p' },
      { from: '2024-01-01', status: 'DISSOLVED' },
    );
    expect(codeOf(() => decideCreate(command(), parentOn(dissolved, REFORM, ['p']), on(REFORM)))).toBe(
      RULES.parentDissolved,
    );
  });

  it('requires an enterprise exactly for enterprise sectors', () => {
    const enterprise = { name: '  Công ty  TNHH Gang Thép ', taxCode: ' ' };
    expect(
      codeOf(() =>
        decideCreate(command({ level: 'GRASSROOTS_CELL', sector: 'PRIVATE_ENTERPRISE' }), P, on(REFORM)),
      ),
    ).toBe(RULES.enterpriseRequired);
    expect(
      codeOf(() =>
        decideCreate(
          command({
            level: 'GRASSROOTS_CELL',
            sector: 'PRIVATE_ENTERPRISE',
            enterprise: { name: ' ', taxCode: null },
          }),
          P,
          on(REFORM),
        ),
      ),
    ).toBe(RULES.enterpriseRequired);
    expect(codeOf(() => decideCreate(command({ enterprise }), A, on(REFORM)))).toBe(
      RULES.enterpriseNotApplicable,
    );

    const created = decideCreate(
      command({ level: 'GRASSROOTS_CELL', sector: 'PRIVATE_ENTERPRISE', enterprise }),
      P,
      on(REFORM),
    );
    expect(created.record.versions[0]!.enterprise).toEqual({ name: 'Công ty TNHH Gang Thép', taxCode: null });
    expectValidEvents(created.events);
    const withTaxCode = decideCreate(
      command({
        level: 'GRASSROOTS_CELL',
        sector: 'STATE_ENTERPRISE',
        enterprise: { name: 'Điện lực', taxCode: ' 0101234567-001 ' },
      }),
      P,
      on(REFORM),
    );
    expect(withTaxCode.record.versions[0]!.enterprise?.taxCode).toBe('0101234567-001');
    expectValidEvents(withTaxCode.events);
  });

  it('refuses a bad code and an empty or overlong name', () => {
    expect(codeOf(() => decideCreate(command({ code: 'tn dt' }), A, on(REFORM)))).toBe(RULES.codeFormat);
    expect(codeOf(() => decideCreate(command({ code: '' }), A, on(REFORM)))).toBe(RULES.codeFormat);
    expect(codeOf(() => decideCreate(command({ name: '   ' }), A, on(REFORM)))).toBe(RULES.nameRequired);
    expect(codeOf(() => decideCreate(command({ name: 'x'.repeat(201) }), A, on(REFORM)))).toBe(
      RULES.nameTooLong,
    );
  });
});

describe('decideRename', () => {
  it('appends a dated version, bumps the version and says what the name was', () => {
    const d = decision('2025-06-01');
    const { record, expectedVersion, events } = decideRename(cell, '  Chi bộ xóm  Đồng Cả 2 ', on(REFORM, d));
    expect(expectedVersion).toBe(cell.version);
    expect(record.version).toBe(cell.version + 1);
    expect(record.versions).toHaveLength(2);
    expect(versionAt(record, dayBefore(REFORM))?.name).toBe('Chi bộ xóm Đồng Cả');
    expect(versionAt(record, REFORM)).toMatchObject({
      name: 'Chi bộ xóm Đồng Cả 2',
      change: 'RENAMED',
      decision: d,
      parentId: 'c1',
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: EVENT_TYPES.OrganisationRenamed,
      subject: 'x',
      sequence: record.version,
      data: {
        previousName: 'Chi bộ xóm Đồng Cả',
        name: 'Chi bộ xóm Đồng Cả 2',
        effectiveDate: REFORM,
        decision: d,
      },
    });
    expectValidEvents(events);
    // The input record is not changed.
    expect(cell.versions).toHaveLength(1);
  });

  it('refuses dates before creation or before the last recorded change, but accepts the same day', () => {
    expect(codeOf(() => decideRename(cell, 'New', on('2019-12-31')))).toBe(RULES.effectiveDateBeforeCreation);
    const renamed = org('r', { parentId: 'c1' }, { from: '2024-01-01', name: 'Later' });
    expect(codeOf(() => decideRename(renamed, 'New', on('2023-06-01')))).toBe(
      RULES.effectiveDateBeforeLastChange,
    );
    expect(refusal(() => decideRename(renamed, 'New', on('2023-06-01'))).field).toEqual(['effectiveDate']);
    expect(decideRename(renamed, 'New', on('2024-01-01')).record.version).toBe(3);
    expect(codeOf(() => decideRename(cell, 'New', on('2025-02-30')))).toBe(RULES.effectiveDateFormat);
    expect(codeOf(() => decideRename(cell, 'New', on('2025-01-01', decision('2025-01-02'))))).toBe(
      RULES.decisionInvalid,
    );
  });

  it('refuses the same name and a dissolved organisation', () => {
    expect(codeOf(() => decideRename(cell, ' Chi bộ  xóm Đồng Cả', on(REFORM)))).toBe(RULES.nameUnchanged);
    const dissolved = org(
      'd',
      { parentId: 'c1' },
      { from: '2024-01-01', status: 'DISSOLVED', change: 'DISSOLVED' },
    );
    expect(codeOf(() => decideRename(dissolved, 'New', on(REFORM)))).toBe(RULES.dissolved);
  });
});

describe('decideMove', () => {
  it('re-parents on the effective date with the new path, keeping the old parent before it', () => {
    const d = decision('2025-06-15');
    const { record, expectedVersion, events } = decideMove(cell, B, on(REFORM, d), {
      reorganisationId: 'r1',
    });
    expect(expectedVersion).toBe(1);
    expect(versionAt(record, '2025-06-30')?.parentId).toBe('c1');
    expect(versionAt(record, REFORM)).toMatchObject({
      parentId: 'c2',
      change: 'MOVED',
      reorganisationId: 'r1',
      decision: d,
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: EVENT_TYPES.OrganisationMoved,
      sequence: record.version,
      data: { previousParentId: 'c1', parentId: 'c2', path: ['p', 'c2'], effectiveDate: REFORM, decision: d },
    });
    expectValidEvents(events);
  });

  it('refuses cycles: under itself or under a unit whose ancestors include it', () => {
    const underCell = {
      ...parentOn(cell, REFORM, ['p', 'c1']),
      state: { ...cell.versions[0]!, level: 'COMMUNE' as const },
    };
    expect(codeOf(() => decideMove(communeA, underCell, on(REFORM)))).toBe(RULES.cycle);
    expect(codeOf(() => decideMove(communeA, A, on(REFORM)))).toBe(RULES.cycle);
  });

  it('refuses the same parent, a level the parent does not take and a dissolved parent', () => {
    expect(codeOf(() => decideMove(cell, A, on(REFORM)))).toBe(RULES.alreadyUnderParent);
    expect(codeOf(() => decideMove(cell, P, on(REFORM)))).toBe(RULES.levelNotAllowedUnderParent);
    const gone = org('g', { level: 'COMMUNE', parentId: 'p' }, { from: '2024-01-01', status: 'DISSOLVED' });
    expect(codeOf(() => decideMove(cell, parentOn(gone, REFORM, ['p']), on(REFORM)))).toBe(
      RULES.parentDissolved,
    );
  });

  it('refuses moving a dissolved unit and rewriting history', () => {
    const dissolved = org(
      'd',
      { parentId: 'c1' },
      { from: '2024-01-01', status: 'DISSOLVED', change: 'DISSOLVED' },
    );
    expect(codeOf(() => decideMove(dissolved, B, on(REFORM)))).toBe(RULES.dissolved);
    const moved = org('m', { parentId: 'c1' }, { from: '2025-08-01', name: 'Renamed' });
    expect(codeOf(() => decideMove(moved, B, on(REFORM)))).toBe(RULES.effectiveDateBeforeLastChange);
    expect(codeOf(() => decideMove(cell, B, on('2019-06-01')))).toBe(RULES.effectiveDateBeforeCreation);
    expect(codeOf(() => decideMove(cell, B, on(REFORM, decision('2025-07-02'))))).toBe(RULES.decisionInvalid);
  });
});

describe('decideRelevel', () => {
  it('turns a grown cell into a grassroots committee, with a valid event', () => {
    const { record, events } = decideRelevel(cell, 'GRASSROOTS_COMMITTEE', A, [], on(REFORM));
    expect(versionAt(record, '2025-06-30')?.level).toBe('CELL');
    expect(versionAt(record, REFORM)).toMatchObject({ level: 'GRASSROOTS_COMMITTEE', change: 'RELEVELED' });
    expect(events[0]).toMatchObject({
      type: EVENT_TYPES.OrganisationReleveled,
      sequence: record.version,
      data: { previousLevel: 'CELL', level: 'GRASSROOTS_COMMITTEE', effectiveDate: REFORM, decision: null },
    });
    expectValidEvents(events);
  });

  it('refuses when a child may not sit under the new level', () => {
    const groups = [{ code: 'X.G1', level: 'PARTY_GROUP' as const }];
    expect(codeOf(() => decideRelevel(cell, 'GRASSROOTS_COMMITTEE', A, groups, on(REFORM)))).toBe(
      RULES.levelNotAllowedUnderParent,
    );
    // A party group may sit under a grassroots cell.
    expect(decideRelevel(cell, 'GRASSROOTS_CELL', A, groups, on(REFORM)).record.version).toBe(2);
  });

  it('refuses when the parent does not take the new level, and an unchanged level', () => {
    const committee = org('gc', { level: 'GRASSROOTS_COMMITTEE', parentId: 'c1' });
    const cellInCommittee = org('y', { level: 'CELL', parentId: 'gc' });
    const parent = parentOn(committee, REFORM, ['p', 'c1']);
    expect(codeOf(() => decideRelevel(cellInCommittee, 'GRASSROOTS_CELL', parent, [], on(REFORM)))).toBe(
      RULES.levelNotAllowedUnderParent,
    );
    expect(codeOf(() => decideRelevel(cell, 'CELL', A, [], on(REFORM)))).toBe(RULES.levelUnchanged);
  });

  it('refuses a dissolved unit and dates before the last change', () => {
    const dissolved = org(
      'd',
      { parentId: 'c1' },
      { from: '2024-01-01', status: 'DISSOLVED', change: 'DISSOLVED' },
    );
    expect(codeOf(() => decideRelevel(dissolved, 'GRASSROOTS_COMMITTEE', A, [], on(REFORM)))).toBe(
      RULES.dissolved,
    );
    const changed = org('m', { parentId: 'c1' }, { from: '2025-08-01', name: 'Renamed' });
    expect(codeOf(() => decideRelevel(changed, 'GRASSROOTS_COMMITTEE', A, [], on(REFORM)))).toBe(
      RULES.effectiveDateBeforeLastChange,
    );
  });
});

describe('decideDissolve', () => {
  it('dissolves a leaf from the effective date, keeping the reason and the history', () => {
    const d = decision('2025-06-25');
    const { record, expectedVersion, events } = decideDissolve(
      cell,
      { children: 0, localities: 0 },
      '  Sáp nhập  ',
      on(REFORM, d),
    );
    expect(expectedVersion).toBe(1);
    expect(activeAt(record, '2025-06-30')?.name).toBe('Chi bộ xóm Đồng Cả');
    expect(activeAt(record, REFORM)).toBeNull();
    expect(versionAt(record, REFORM)).toMatchObject({
      status: 'DISSOLVED',
      change: 'DISSOLVED',
      reason: 'Sáp nhập',
    });
    expect(dissolvedOn(record)).toBe(REFORM);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: EVENT_TYPES.OrganisationDissolved,
      sequence: record.version,
      data: {
        organisationId: 'x',
        cause: 'DISSOLVED',
        successorIds: [],
        reason: 'Sáp nhập',
        effectiveDate: REFORM,
        decision: d,
      },
    });
    expectValidEvents(events);
  });

  it('refuses with active children or localities, twice, with an overlong reason, or before the last change', () => {
    expect(codeOf(() => decideDissolve(communeA, { children: 2, localities: 0 }, null, on(REFORM)))).toBe(
      RULES.hasActiveChildren,
    );
    expect(codeOf(() => decideDissolve(communeA, { children: 0, localities: 1 }, null, on(REFORM)))).toBe(
      RULES.hasActiveLocalities,
    );
    expect(
      codeOf(() => decideDissolve(cell, { children: 0, localities: 0 }, 'x'.repeat(1001), on(REFORM))),
    ).toBe(RULES.reasonTooLong);
    const once = decideDissolve(cell, { children: 0, localities: 0 }, null, on(REFORM)).record;
    expect(codeOf(() => decideDissolve(once, { children: 0, localities: 0 }, null, on('2025-08-01')))).toBe(
      RULES.dissolved,
    );
    const changed = org('m', { parentId: 'c1' }, { from: '2025-08-01', name: 'Renamed' });
    expect(codeOf(() => decideDissolve(changed, { children: 0, localities: 0 }, null, on(REFORM)))).toBe(
      RULES.effectiveDateBeforeLastChange,
    );
    expect(codeOf(() => decideDissolve(cell, { children: 0, localities: 0 }, null, on('2025-02-30')))).toBe(
      RULES.effectiveDateFormat,
    );
  });
});

describe('structure table and schema', () => {
  it('every dated table covers every level, oldest first, and only a province is a root', () => {
    const dates = STRUCTURE_VERSIONS.entries.map((v) => v.effectiveFrom);
    expect(dates).toEqual([...dates].sort());
    for (const version of STRUCTURE_VERSIONS.entries) {
      expect(Object.keys(version.parents).sort()).toEqual([...ORGANISATION_LEVELS].sort());
      expect(ORGANISATION_LEVELS.filter((level) => version.parents[level].includes(null))).toEqual([
        'PROVINCE',
      ]);
    }
  });

  it('has no district level from the 2025 reform on', () => {
    expect(structureAt('2025-06-30').COMMUNE).toContain('DISTRICT');
    expect(structureAt(REFORM).COMMUNE).toEqual(['PROVINCE']);
    expect(structureAt(REFORM).DISTRICT).toEqual([]);
  });

  it('the SDL enums match the contracts', () => {
    const sdl = readFileSync(join(__dirname, '../src/schema.graphql'), 'utf8').replace(
      /^extend schema[\s\S]*?\n\n/,
      '',
    );
    const schema = buildSchema(sdl.replace(/@key\([^)]*\)|@shareable/g, ''), { assumeValid: true });
    const values = (name: string) => (schema.getType(name) as GraphQLEnumType).getValues().map((v) => v.name);
    expect(values('OrganisationLevel')).toEqual([...ORGANISATION_LEVELS]);
    expect(values('OrganisationSector')).toEqual([...ORGANISATION_SECTORS]);
  });
});

describe('searchKey', () => {
  it('ignores diacritics, đ and case', () => {
    expect(searchKey('Đảng bộ xã  Đại Từ')).toBe('dang bo xa dai tu');
    expect(searchKey('Nguyễn Thị Hà')).toBe('nguyen thi ha');
  });
});
