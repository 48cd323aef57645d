import { Refusal } from '@dangvien/domain';
import { Kind } from 'graphql';
import {
  buildConnection,
  connectionFromList,
  createErrorFormatter,
  DateScalar,
  DateTimeScalar,
  decodeCursor,
  fromGlobalId,
  localIdOf,
  pageSize,
  toGlobalId,
} from './index';

describe('global ids', () => {
  it('round-trips and checks the type', () => {
    const id = toGlobalId('Organisation', 'abc:123');
    expect(fromGlobalId(id)).toEqual({ type: 'Organisation', id: 'abc:123' });
    expect(localIdOf(id, 'Organisation')).toBe('abc:123');
    expect(localIdOf(id, 'Member')).toBeNull();
  });

  it.each([
    '',
    'not base64!',
    Buffer.from('nocolon').toString('base64url'),
    Buffer.from(':x').toString('base64url'),
  ])('rejects %p', (bad) => expect(fromGlobalId(bad)).toBeNull());
});

describe('connections', () => {
  it('uses the extra row only to say there is a next page', () => {
    const page = buildConnection([1, 2, 3], 2, (n) => n);
    expect(page.nodes).toEqual([1, 2]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(decodeCursor(page.pageInfo.endCursor!)).toBe(2);
    expect(buildConnection([1], 2, (n) => n).pageInfo).toMatchObject({ hasNextPage: false });
    expect(buildConnection([], 2, (n) => n).pageInfo).toMatchObject({ startCursor: null, endCursor: null });
  });

  it('refuses page sizes out of range and foreign cursors', () => {
    expect(pageSize({})).toBe(20);
    expect(() => pageSize({ first: 0 })).toThrow(Refusal);
    expect(() => pageSize({ first: 101 })).toThrow(/between 1 and 100/);
    expect(() => decodeCursor('%%%')).toThrow(Refusal);
  });

  it('pages a computed list in its order, resuming after the cursor even when items came or went', () => {
    const items = [
      { code: 'B', n: 2 },
      { code: 'A', n: 10 },
      { code: 'A', n: 2 },
      { code: 'C', n: 1 },
    ];
    const position = (i: { code: string; n: number }) => [i.code, i.n];
    const first = connectionFromList(items, { first: 2 }, position);
    expect(first.nodes).toEqual([items[2], items[1]]);
    expect(first.totalCount).toBe(4);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    // The last item of the first page is gone and one came before it: the next page is unchanged.
    const changed = [items[0]!, items[2]!, items[3]!, { code: 'A', n: 1 }];
    const second = connectionFromList(changed, { first: 2, after: first.pageInfo.endCursor }, position);
    expect(second.nodes).toEqual([items[0], items[3]]);
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(connectionFromList([], {}, position).pageInfo).toMatchObject({
      hasNextPage: false,
      endCursor: null,
    });
    expect(() => connectionFromList(items, { first: 0 }, position)).toThrow(Refusal);
    // A cursor of another list's shape is refused, not read as the start.
    const foreign = connectionFromList(['x', 'y'], { first: 1 }, (s) => s).pageInfo.endCursor;
    expect(() => connectionFromList(items, { first: 2, after: foreign }, position)).toThrow(/not issued/);
  });
});

describe('scalars', () => {
  it('Date accepts real calendar dates only', () => {
    expect(DateScalar.parseValue('2025-07-01')).toEqual(new Date(Date.UTC(2025, 6, 1)));
    expect(() => DateScalar.parseValue('2025-02-30')).toThrow(/cannot represent/);
    expect(() => DateScalar.parseLiteral({ kind: Kind.INT, value: '1' })).toThrow();
    expect(DateScalar.serialize(new Date(Date.UTC(2025, 0, 9)))).toBe('2025-01-09');
  });

  it('DateTime needs an offset and serialises in UTC', () => {
    expect(DateTimeScalar.serialize(DateTimeScalar.parseValue('2025-07-01T07:00:00+07:00'))).toBe(
      '2025-07-01T00:00:00.000Z',
    );
    expect(() => DateTimeScalar.parseValue('2025-07-01T07:00:00')).toThrow();
  });
});

describe('error formatter', () => {
  const production = createErrorFormatter({ development: false });
  const development = createErrorFormatter({ development: true });

  it('hides internals and stack traces outside development', () => {
    const formatted = production(
      { message: 'connection string mongodb://secret', extensions: { stacktrace: ['at x'] } },
      null,
    );
    expect(formatted).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(development({ message: 'boom', extensions: { stacktrace: ['at x'] } }, null).message).toBe('boom');
  });

  it('keeps known codes', () => {
    const formatted = production(
      { message: 'bad', extensions: { code: 'BAD_USER_INPUT', stacktrace: [] } },
      null,
    );
    expect(formatted).toEqual({ message: 'bad', extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('error formatter and user input errors', () => {
  it('turns a Refusal thrown by a resolver into BAD_USER_INPUT with its rule', () => {
    const format = createErrorFormatter({ development: false });
    const original = new Refusal('INVALID_CURSOR', 'bad cursor', ['after']);
    expect(format({ message: 'bad cursor', path: ['x'] }, { originalError: original })).toEqual({
      message: 'bad cursor',
      path: ['x'],
      extensions: { code: 'BAD_USER_INPUT', rule: 'INVALID_CURSOR', field: ['after'] },
    });
  });
});
