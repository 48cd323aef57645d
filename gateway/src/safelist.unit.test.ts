import { readFileSync } from 'node:fs';
import { checkOperation, operationOf } from './admission';
import { buildManifest, MANIFEST_PATH, manifestOf } from './manifest';
import { createPersistedQueryStore } from './persisted-queries';
import { createSafelist, operationHash } from './safelist';

const QUERY = 'query One { organisations(first: 1) { totalCount } }';
const codeOf = (run: () => void): unknown => {
  try {
    run();
    return null;
  } catch (error) {
    const extensions = (error as { extensions: { code: string; http: { status: number } } }).extensions;
    return [extensions.code, extensions.http.status];
  }
};
const post = (body: unknown) => ({ method: 'POST', search: '', body });
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

describe('persisted-query manifest and safelist', () => {
  it('builds a manifest: each operation with the fragments it uses, its id the sha256 of its body', () => {
    const manifest = buildManifest([
      'query B { unit { ...U } }',
      'fragment U on Unit { code ...V } fragment V on Unit { name } fragment Unused on Unit { id }',
      'mutation A($x: ID!) { close(id: $x) { ok } }',
    ]);
    expect(manifest.operations.map((o) => [o.name, o.type])).toEqual([
      ['A', 'mutation'],
      ['B', 'query'],
    ]);
    const b = manifest.operations[1]!;
    expect(b.body).toBe(
      'query B {\n  unit {\n    ...U\n  }\n}\n\nfragment U on Unit {\n  code\n  ...V\n}\n\nfragment V on Unit {\n  name\n}',
    );
    expect(b.id).toBe(operationHash(b.body));
    expect(() => buildManifest(['{ a }'])).toThrow('needs a name');
    expect(() => buildManifest(['query A { a }', 'query A { b }'])).toThrow('defined twice');
    expect(() => buildManifest(['query A { ...Missing }'])).toThrow('defined nowhere');
  });

  it('refuses a manifest whose id is not the hash of its body, or of another format', () => {
    const entry = { id: operationHash(QUERY), name: 'One', type: 'query', body: QUERY };
    const manifest = { format: 'apollo-persisted-query-manifest', version: 1, operations: [entry] };
    expect(createSafelist(manifest).body(entry.id)).toBe(QUERY);
    expect(() => createSafelist({ ...manifest, operations: [{ ...entry, body: `${QUERY} ` }] })).toThrow(
      'not the sha256',
    );
    expect(() => createSafelist({ ...manifest, version: 2 })).toThrow('Not a persisted-query manifest');
  });

  it('the committed manifest is built from gateway/operations (run `npm run safelist` if not)', () => {
    expect(readFileSync(MANIFEST_PATH, 'utf8')).toBe(manifestOf());
    expect(createSafelist(JSON.parse(manifestOf())).size).toBeGreaterThanOrEqual(4);
  });

  it('reads the operation and its hash from a POST body or GET parameters', () => {
    expect(operationOf(post({ query: QUERY, extensions: persisted('abc') }))).toEqual({
      query: QUERY,
      hash: 'abc',
    });
    const search = `?${new URLSearchParams({ extensions: JSON.stringify(persisted('abc')) })}`;
    expect(operationOf({ method: 'GET', search, body: undefined })).toEqual({ hash: 'abc' });
    expect(operationOf({ method: 'GET', search: '?extensions={', body: undefined })).toEqual({});
    expect(operationOf(post([{ query: QUERY }]))).toEqual({});
  });

  it('refuses a query whose hash is not its own, and in safelist mode whatever is not listed', () => {
    const listed = createSafelist({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [{ id: operationHash(QUERY), name: 'One', type: 'query', body: QUERY }],
    });
    const other = '{ organisations(first: 2) { totalCount } }';
    expect(
      codeOf(() => checkOperation(post({ query: QUERY, extensions: persisted('0'.repeat(64)) }), null)),
    ).toEqual(['PERSISTED_QUERY_HASH_MISMATCH', 400]);
    expect(codeOf(() => checkOperation(post({ query: other }), null))).toBeNull();
    for (const body of [{ query: other }, { extensions: persisted(operationHash(other)) }]) {
      expect(codeOf(() => checkOperation(post(body), listed))).toEqual(['OPERATION_NOT_IN_SAFELIST', 400]);
    }
    for (const body of [
      { query: QUERY },
      { extensions: persisted(operationHash(QUERY)) },
      { query: QUERY, extensions: persisted(operationHash(QUERY)) },
    ]) {
      expect(codeOf(() => checkOperation(post(body), listed))).toBeNull();
    }
  });

  it('keeps registered operations within a byte bound, least recently used out first; listed ones always', async () => {
    const listed = createSafelist({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [{ id: operationHash(QUERY), name: 'One', type: 'query', body: QUERY }],
    });
    const store = createPersistedQueryStore({ maxBytes: 30, safelist: listed });
    expect(await store.get(`apq:${operationHash(QUERY)}`)).toBe(QUERY);
    await store.set('apq:a', 'x'.repeat(10));
    await store.set('apq:b', 'y'.repeat(10));
    await store.get('apq:a');
    await store.set('apq:c', 'z'.repeat(15));
    expect([await store.get('apq:a'), await store.get('apq:b'), await store.get('apq:c')]).toEqual([
      'x'.repeat(10),
      undefined,
      'z'.repeat(15),
    ]);
    expect(store.bytes).toBe(25);
    await store.set('apq:huge', 'h'.repeat(31));
    expect(await store.get('apq:huge')).toBeUndefined();
  });
});
