import { EVENT_TYPES, ORGANISATION_LEVELS, ORGANISATION_SECTORS, validateEventData } from '@dangvien/contracts';
import { UserInputError } from '@dangvien/graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, GraphQLEnumType } from 'graphql';
import type { OrganisationState } from '../src/domain/organisation';
import {
  decideCreate,
  decideDissolve,
  decideMove,
  decideRename,
  rebasePaths,
  RULES,
  searchKey,
} from '../src/domain/organisation';
import { ALLOWED_PARENT_LEVELS } from '../src/domain/structure';

function org(id: string, overrides: Partial<OrganisationState> = {}): OrganisationState {
  return {
    id,
    code: id.toUpperCase(),
    name: `Org ${id}`,
    level: 'CELL',
    sector: 'RESIDENTIAL',
    parentId: null,
    path: [],
    status: 'ACTIVE',
    version: 1,
    ...overrides,
  };
}

const province = org('p', { level: 'PROVINCE' });
const commune = org('c', { level: 'COMMUNE', parentId: 'p', path: ['p'] });
const cell = org('x', { level: 'CELL', parentId: 'c', path: ['p', 'c'] });

function refusal(fn: () => unknown): UserInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserInputError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('decideCreate', () => {
  it('creates under an allowed parent, with the path and one valid event', () => {
    const { state, events } = decideCreate(
      { id: 'n', code: ' tn.dt.01 ', name: '  Chi bộ   xóm Đồng Cả ', level: 'CELL', sector: 'RESIDENTIAL' },
      commune,
    );
    expect(state).toMatchObject({ code: 'TN.DT.01', name: 'Chi bộ xóm Đồng Cả', parentId: 'c', path: ['p', 'c'] });
    expect(events).toHaveLength(1);
    expect(events[0]!.type).toBe(EVENT_TYPES.OrganisationCreated);
    expect(events[0]!.subject).toBe('n');
    expect(validateEventData(events[0]!.type, events[0]!.data)).toEqual({ valid: true });
  });

  it('allows only a province as a root', () => {
    expect(decideCreate({ id: 'r', code: 'R', name: 'Root', level: 'PROVINCE', sector: 'STATE_AGENCY' }, null).state.path).toEqual([]);
    expect(refusal(() => decideCreate({ id: 'r', code: 'R', name: 'Cell', level: 'CELL', sector: 'RESIDENTIAL' }, null)).code).toBe(
      RULES.levelNotAllowedUnderParent,
    );
  });

  it.each([
    ['COMMUNE', cell, RULES.levelNotAllowedUnderParent],
    ['PROVINCE', province, RULES.levelNotAllowedUnderParent],
    ['PARTY_GROUP', commune, RULES.levelNotAllowedUnderParent],
  ] as const)('refuses a %s under the wrong parent', (level, parent, code) => {
    const error = refusal(() => decideCreate({ id: 'n', code: 'N', name: 'N', level, sector: 'RESIDENTIAL' }, parent));
    expect(error.code).toBe(code);
    expect(error.field).toEqual(['parentId']);
    expect(error.message).toMatch(/may sit only under/);
  });

  it('refuses a dissolved parent, a bad code and an empty or long name', () => {
    const dissolved = { ...commune, status: 'DISSOLVED' as const };
    const base = { id: 'n', code: 'N', name: 'N', level: 'CELL' as const, sector: 'RESIDENTIAL' as const };
    expect(refusal(() => decideCreate(base, dissolved)).code).toBe(RULES.parentDissolved);
    expect(refusal(() => decideCreate({ ...base, code: 'has space' }, commune)).code).toBe(RULES.codeFormat);
    expect(refusal(() => decideCreate({ ...base, code: '' }, commune)).code).toBe(RULES.codeFormat);
    expect(refusal(() => decideCreate({ ...base, name: '   ' }, commune)).code).toBe(RULES.nameRequired);
    expect(refusal(() => decideCreate({ ...base, name: 'x'.repeat(201) }, commune)).code).toBe(RULES.nameTooLong);
  });
});

describe('decideRename', () => {
  it('bumps the version and says what the name was', () => {
    const { state, events } = decideRename(cell, 'Chi bộ mới');
    expect(state.version).toBe(2);
    expect(events[0]!.data).toEqual({ organisationId: 'x', previousName: 'Org x', name: 'Chi bộ mới' });
    expect(events[0]!.sequence).toBe(2);
  });

  it('refuses the same name and a dissolved organisation', () => {
    expect(refusal(() => decideRename(cell, ' Org  x ')).code).toBe(RULES.nameUnchanged);
    expect(refusal(() => decideRename({ ...cell, status: 'DISSOLVED' }, 'New')).code).toBe(RULES.dissolved);
  });
});

describe('decideMove', () => {
  const communeB = org('b', { level: 'COMMUNE', parentId: 'p', path: ['p'] });
  const grassroots = org('g', { level: 'GRASSROOTS_COMMITTEE', parentId: 'c', path: ['p', 'c'] });
  const inner = org('i', { level: 'INTERMEDIATE', parentId: 'g', path: ['p', 'c', 'g'] });

  it('re-parents and recomputes the path', () => {
    const { state, events } = decideMove(cell, communeB);
    expect(state).toMatchObject({ parentId: 'b', path: ['p', 'b'], version: 2 });
    expect(events[0]!.data).toEqual({ organisationId: 'x', previousParentId: 'c', parentId: 'b', path: ['p', 'b'] });
  });

  it('refuses cycles: under itself or under its own descendant', () => {
    expect(refusal(() => decideMove(grassroots, grassroots)).code).toBe(RULES.cycle);
    expect(refusal(() => decideMove(grassroots, inner)).code).toBe(RULES.cycle);
  });

  it('refuses the same parent, a wrong level and a dissolved target', () => {
    expect(refusal(() => decideMove(cell, commune)).code).toBe(RULES.alreadyUnderParent);
    expect(refusal(() => decideMove(communeB, cell)).code).toBe(RULES.levelNotAllowedUnderParent);
    expect(refusal(() => decideMove(cell, { ...communeB, status: 'DISSOLVED' })).code).toBe(RULES.parentDissolved);
  });

  it('rebases every descendant path below the moved node', () => {
    const moved = { ...grassroots, parentId: 'b', path: ['p', 'b'] };
    expect(
      rebasePaths(moved, [
        { id: 'i', path: ['p', 'c', 'g'] },
        { id: 'z', path: ['p', 'c', 'g', 'i'] },
      ]),
    ).toEqual([
      { id: 'i', path: ['p', 'b', 'g'] },
      { id: 'z', path: ['p', 'b', 'g', 'i'] },
    ]);
  });
});

describe('decideDissolve', () => {
  it('dissolves a leaf, keeping the reason', () => {
    const { state, events } = decideDissolve(cell, 0, '  merged  ');
    expect(state.status).toBe('DISSOLVED');
    expect(events[0]!.data).toEqual({ organisationId: 'x', reason: 'merged' });
  });

  it('refuses with active children, twice, or with an overlong reason', () => {
    expect(refusal(() => decideDissolve(commune, 2, null)).code).toBe(RULES.hasActiveChildren);
    expect(refusal(() => decideDissolve({ ...cell, status: 'DISSOLVED' }, 0, null)).code).toBe(RULES.dissolved);
    expect(refusal(() => decideDissolve(cell, 0, 'x'.repeat(1_001))).code).toBe(RULES.reasonTooLong);
  });
});

describe('structure table and schema', () => {
  it('covers every level', () => {
    expect(Object.keys(ALLOWED_PARENT_LEVELS).sort()).toEqual([...ORGANISATION_LEVELS].sort());
  });

  it('the SDL enums match the contracts', () => {
    const sdl = readFileSync(join(__dirname, '../src/schema.graphql'), 'utf8').replace(/extend schema[^{]*?\)\s*\n/, '');
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
