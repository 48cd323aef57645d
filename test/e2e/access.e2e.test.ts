import { generateKeyPairSync } from 'node:crypto';
import { createIdentitySigner, IDENTITY_HEADER } from '@dangvien/auth';
import type { JWK } from 'jose';
import { createGateway, readEnvironment } from '@dangvien/gateway';
import type { Gateway } from '@dangvien/gateway';
import { createLogger } from '@dangvien/logger';
import { createOrganisation, graphql, startSystem } from './harness';
import type { System } from './harness';
import { startRecordingProxy } from './recording-proxy';
import type { RecordingProxy } from './recording-proxy';

// Authentication at the gateway, the identity it signs for subgraphs, and the operation limits,
// through the whole system as production runs it (NODE_ENV=production, keys of this run).

const HEAD = `query ($id: ID!) { locality(id: $id) { code head { name isMember } } }`;

interface HeadAnswer {
  status: number;
  name: string | null | undefined;
  codes: unknown[];
}

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

describe('access control through the gateway', () => {
  let system: System;
  let localityId: string;
  let communeId: string;
  let otherCommuneId: string;
  let cellId: string;

  beforeAll(async () => {
    system = await startSystem('e2e_access');
    const P = `A${Date.now().toString(36).toUpperCase()}`;
    const url = system.gateway.url;
    const province = await createOrganisation(url, {
      code: `${P}.P`,
      name: 'Đảng bộ tỉnh',
      level: 'PROVINCE',
      sector: 'STATE_AGENCY',
      effectiveDate: '2020-01-01',
    });
    const district = await createOrganisation(url, {
      code: `${P}.D`,
      name: 'Đảng bộ huyện',
      level: 'DISTRICT',
      sector: 'STATE_AGENCY',
      parentId: province,
      effectiveDate: '2020-01-01',
    });
    communeId = await createOrganisation(url, {
      code: `${P}.C`,
      name: 'Đảng bộ xã Hùng Sơn',
      level: 'COMMUNE',
      sector: 'RESIDENTIAL',
      parentId: district,
      effectiveDate: '2020-01-01',
    });
    otherCommuneId = await createOrganisation(url, {
      code: `${P}.O`,
      name: 'Đảng bộ xã Tiên Hội',
      level: 'COMMUNE',
      sector: 'RESIDENTIAL',
      parentId: district,
      effectiveDate: '2020-01-01',
    });
    cellId = await createOrganisation(url, {
      code: `${P}.C1`,
      name: 'Chi bộ xóm Đồng Tiến',
      level: 'CELL',
      sector: 'RESIDENTIAL',
      parentId: communeId,
      effectiveDate: '2020-01-01',
    });
    const registered = await graphql<{
      registerLocality: { locality: { id: string } | null; userErrors: unknown[] };
    }>(
      url,
      `
        mutation ($input: RegisterLocalityInput!) {
          registerLocality(input: $input) {
            locality {
              id
            }
            userErrors {
              code
              message
            }
          }
        }
      `,
      {
        input: {
          code: `${P}.V1`,
          name: 'Xóm Đồng Tiến',
          kind: 'VILLAGE',
          communeId,
          cellIds: [cellId],
          effectiveDate: '2020-01-01',
        },
      },
    );
    expect(registered.data?.registerLocality.userErrors).toEqual([]);
    localityId = registered.data!.registerLocality.locality!.id;
    const appointed = await graphql<{ appointLocalityHead: { userErrors: unknown[] } }>(
      url,
      `
        mutation ($input: AppointLocalityHeadInput!) {
          appointLocalityHead(input: $input) {
            userErrors {
              code
              message
            }
          }
        }
      `,
      { input: { id: localityId, name: 'Nguyễn Văn An', termStart: '2022-01-01' } },
    );
    expect(appointed.data?.appointLocalityHead.userErrors).toEqual([]);
  });

  afterAll(async () => {
    await system.stop();
    await system.drop();
  });

  async function head(url: string, headers: Record<string, string> = {}): Promise<HeadAnswer> {
    const response = await post(url, JSON.stringify({ query: HEAD, variables: { id: localityId } }), headers);
    const body = (await response.json()) as {
      data?: { locality: { head: { name: string | null } | null } | null } | null;
      errors?: { extensions?: { code?: string; reason?: string } }[];
    };
    return {
      status: response.status,
      name: body.data?.locality?.head?.name,
      codes: (body.errors ?? []).map((e) => [e.extensions?.code, e.extensions?.reason]),
    };
  }
  const bearer = async (
    claims: Parameters<System['keys']['token']>[0],
    options?: Parameters<System['keys']['token']>[1],
  ) => ({
    authorization: `Bearer ${await system.keys.token(claims, options)}`,
  });

  it('refuses a bad token with 401 and the reason, before anything is asked', async () => {
    const cases: [Record<string, string>, string][] = [
      [await bearer({ role: 'PROVINCIAL_ADMIN' }, { expiresIn: -60 }), 'TOKEN_EXPIRED'],
      [await bearer({ role: 'PROVINCIAL_ADMIN' }, { key: 'other' }), 'TOKEN_SIGNATURE_INVALID'],
      [{ authorization: 'Bearer not.a.jwt' }, 'TOKEN_MALFORMED'],
      [{ authorization: 'Basic dXNlcjpwYXNz' }, 'AUTHORIZATION_MALFORMED'],
      [await bearer({ role: 'COMMITTEE_OFFICER' }), 'TOKEN_CLAIMS_INVALID'],
    ];
    for (const [headers, reason] of cases) {
      const response = await post(system.gateway.url, JSON.stringify({ query: '{ __typename }' }), headers);
      expect([reason, response.status, response.headers.get('www-authenticate')]).toEqual([
        reason,
        401,
        'Bearer error="invalid_token"',
      ]);
      const body = (await response.json()) as {
        data?: unknown;
        errors: { extensions: Record<string, unknown> }[];
      };
      expect(body.data).toBeUndefined();
      expect(body.errors[0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
    }
  });

  it('answers personal data by role and subtree; anonymous callers and integrators get none', async () => {
    const url = system.gateway.url;
    const sees = async (headers: Record<string, string>) => (await head(url, headers)).name;
    expect(await head(url)).toEqual({
      status: 200,
      name: null,
      codes: [['UNAUTHENTICATED', 'PERSONAL_DATA_OUT_OF_SCOPE']],
    });
    expect(await head(url, await bearer({ role: 'INTEGRATOR' }))).toEqual({
      status: 200,
      name: null,
      codes: [['FORBIDDEN', 'PERSONAL_DATA_OUT_OF_SCOPE']],
    });
    expect(await sees(await bearer({ role: 'COMMITTEE_OFFICER', org: otherCommuneId }))).toBeNull();
    expect(await sees(await bearer({ role: 'MEMBER', member: 'someone' }))).toBeNull();
    expect(await sees(await bearer({ role: 'PROVINCIAL_ADMIN' }))).toBe('Nguyễn Văn An');
    expect(await sees(await bearer({ role: 'COMMITTEE_OFFICER', org: communeId }))).toBe('Nguyễn Văn An');
    expect(await sees(await bearer({ role: 'CELL_SECRETARY', org: cellId }))).toBe('Nguyễn Văn An');
  });

  it('gives no identity to a request that bypasses the gateway, unless the gateway signed it', async () => {
    const subgraph = system.organisations.url;
    const admin = {
      subject: 'x',
      role: 'PROVINCIAL_ADMIN' as const,
      organisationId: null,
      memberId: null,
      scopes: [],
    };
    expect((await head(subgraph)).name).toBeNull();
    expect((await head(subgraph, { [IDENTITY_HEADER]: JSON.stringify(admin) })).name).toBeNull();
    // Signed with a key of the right form and kid, but not the gateway's.
    const other = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
    const forged = await (
      await createIdentitySigner({ ...other, kid: system.keys.signingKey.kid } as JWK)
    ).sign(admin);
    expect((await head(subgraph, { [IDENTITY_HEADER]: forged })).name).toBeNull();
    // The gateway's own key: the only way in (and proof the refusals above are the signature's).
    const signed = await (await createIdentitySigner(system.keys.signingKey)).sign(admin);
    expect((await head(subgraph, { [IDENTITY_HEADER]: signed })).name).toBe('Nguyễn Văn An');
  });

  describe('operation limits', () => {
    let proxy: RecordingProxy;
    let gateway: Gateway;

    beforeAll(async () => {
      proxy = await startRecordingProxy(system.organisations.url);
      gateway = createGateway(
        readEnvironment({
          NODE_ENV: 'production',
          PORT: '0',
          ...system.keys.gateway,
          MAX_DEPTH: '6',
          MAX_ALIASES: '5',
          MAX_ROOT_FIELDS: '4',
          MAX_COST: '1000',
          MAX_BODY_BYTES: '20000',
          ...Object.fromEntries(
            Object.entries(system.services).map(([name, s]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, s.url]),
          ),
          SUBGRAPH_ORGANISATIONS_URL: proxy.url,
          SUBGRAPH_ORGANISATIONS_TIMEOUT_MS: '1000',
        }),
        { logger: createLogger({ name: 'e2e-limits', level: 'silent' }) },
      );
      await gateway.start();
    });

    afterAll(async () => {
      await gateway.stop();
      await proxy.close();
    });

    it('refuses too deep, aliased, wide and oversized requests before any subgraph sees them; stays ready', async () => {
      const nested = (depth: number) =>
        `{ organisation(id: "${communeId}") { ${'parent { '.repeat(depth - 2)}code${' }'.repeat(depth - 2)} } }`;
      const aliases = (n: number) =>
        `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} organisations(first: 1) { totalCount } }`;
      const roots = (n: number) =>
        `{ ${Array.from({ length: n }, (_, i) => (i === 0 ? 'organisations(first: 1) { totalCount }' : `r${i}: organisation(id: "${communeId}") { code }`)).join(' ')} }`;
      const refused: [string, number, string, string][] = [];
      for (const [query, reason] of [
        [nested(7), 'MAX_DEPTH_EXCEEDED'],
        [aliases(6), 'MAX_ALIASES_EXCEEDED'],
        [roots(5), 'MAX_ROOT_FIELDS_EXCEEDED'],
        // 100 units × 100 descendants each × code: a cost over 10,000 with a depth of 5.
        [
          `{ organisations(first: 100) { nodes { descendants(first: 100) { nodes { code } } } } }`,
          'MAX_COST_EXCEEDED',
        ],
      ] as const) {
        const response = await post(gateway.url, JSON.stringify({ query }));
        const body = (await response.json()) as {
          errors: { extensions: { code: string; reason: string } }[];
        };
        refused.push([
          reason,
          response.status,
          body.errors[0]!.extensions.code,
          body.errors[0]!.extensions.reason,
        ]);
      }
      const oversized = await post(
        gateway.url,
        JSON.stringify({
          query: `{ organisations(first: 1) { totalCount } }`,
          variables: { pad: 'x'.repeat(30_000) },
        }),
      );
      const tooLarge = (await oversized.json()) as { errors: { extensions: { reason: string } }[] };
      expect([refused, [oversized.status, tooLarge.errors[0]!.extensions.reason]]).toEqual([
        [
          ['MAX_DEPTH_EXCEEDED', 400, 'GRAPHQL_VALIDATION_FAILED', 'MAX_DEPTH_EXCEEDED'],
          ['MAX_ALIASES_EXCEEDED', 400, 'GRAPHQL_VALIDATION_FAILED', 'MAX_ALIASES_EXCEEDED'],
          ['MAX_ROOT_FIELDS_EXCEEDED', 400, 'GRAPHQL_VALIDATION_FAILED', 'MAX_ROOT_FIELDS_EXCEEDED'],
          ['MAX_COST_EXCEEDED', 400, 'GRAPHQL_VALIDATION_FAILED', 'MAX_COST_EXCEEDED'],
        ],
        [413, 'BODY_TOO_LARGE'],
      ]);
      expect(proxy.asked).toEqual([]);
      // Within the limits the same shapes are answered, through the proxy.
      for (const query of [nested(6), aliases(5), roots(4)]) {
        const response = await graphql<Record<string, unknown>>(gateway.url, query);
        expect(response.errors).toBeUndefined();
      }
      expect(proxy.asked.length).toBeGreaterThanOrEqual(3);
      expect((await fetch(gateway.url.replace('/graphql', '/health/ready'))).status).toBe(200);
    });

    it('gives an error for a subgraph slower than its timeout, and stays ready', async () => {
      const query = '{ organisations(first: 1) { totalCount } }';
      expect((await graphql(gateway.url, query)).errors).toBeUndefined();
      proxy.delayMs = 3_000;
      try {
        const slow = await graphql(gateway.url, query);
        expect([slow.data ?? null, slow.errors?.map((e) => e.extensions)]).toEqual([
          null,
          [{ code: 'SUBGRAPH_TIMEOUT', serviceName: 'organisations' }],
        ]);
      } finally {
        proxy.delayMs = 0;
      }
      expect((await fetch(gateway.url.replace('/graphql', '/health/ready'))).status).toBe(200);
    });

    it('answers no introspection in production', async () => {
      const response = await graphql(gateway.url, '{ __schema { queryType { name } } }');
      expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });
});
