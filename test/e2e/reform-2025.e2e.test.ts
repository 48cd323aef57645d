import { graphql, startSystem } from './harness';
import type { System } from './harness';

/**
 * Replays the 2025 reform on a small fixture, through the gateway: two provinces merge (Bắc Kạn into
 * Thái Nguyên), districts are abolished, communes are merged; then reads the tree as of the day
 * before and the day it took effect.
 */
describe('the 2025 reform, replayed through the gateway', () => {
  let system: System;
  let counter = 0;
  /** The tree of the describe block or test that built it last (each builds its own). */
  let P = '';
  let ids: Record<string, string> = {};
  const BEFORE = '2025-06-30';
  const REFORM = '2025-07-01';
  const decision = { number: '1234-QĐ/TW', date: '2025-06-12', issuedBy: 'Ban Chấp hành Trung ương' };

  async function mutate(
    name: string,
    input: Record<string, unknown>,
    fields = 'organisation { id } userErrors { code message }',
  ) {
    const type = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
    const response = await graphql<
      Record<string, Record<string, unknown> & { userErrors: { code: string; message: string }[] }>
    >(system.gateway.url, `mutation ($input: ${type}!) { ${name}(input: $input) { ${fields} } }`, { input });
    expect(response.errors).toBeUndefined();
    return response.data![name]!;
  }

  async function create(key: string, name: string, level: string, parent: string | null) {
    const payload = await mutate('createOrganisation', {
      code: `${P}.${key}`,
      name,
      level,
      sector: level === 'PROVINCE' || level === 'DISTRICT' ? 'STATE_AGENCY' : 'RESIDENTIAL',
      parentId: parent ? ids[parent] : null,
      effectiveDate: '2020-01-01',
    });
    expect(payload.userErrors).toEqual([]);
    ids[key] = (payload.organisation as { id: string }).id;
  }

  async function tree(root: string, asOf: string): Promise<string[]> {
    const response = await graphql<{
      organisationTree: { nodes: { depth: number; organisation: { code: string; name: string } }[] } | null;
    }>(
      system.gateway.url,
      `
        query ($id: ID!, $asOf: Date) {
          organisationTree(rootId: $id, asOf: $asOf) {
            nodes {
              depth
              organisation {
                code
                name
              }
            }
          }
        }
      `,
      { id: ids[root], asOf },
    );
    expect(response.errors).toBeUndefined();
    return (response.data!.organisationTree?.nodes ?? []).map(
      (n) => `${'  '.repeat(n.depth)}${n.organisation.code.slice(P.length + 1)} ${n.organisation.name}`,
    );
  }

  beforeAll(async () => {
    system = await startSystem('e2e_reform');
  });

  /** Before the reform: Thái Nguyên and Bắc Kạn, three districts, four communes, cells and villages. */
  async function buildTree(): Promise<void> {
    counter += 1;
    P = `R${Date.now().toString(36).toUpperCase()}${counter}`;
    ids = {};
    await create('TN', 'Đảng bộ tỉnh Thái Nguyên', 'PROVINCE', null);
    await create('BK', 'Đảng bộ tỉnh Bắc Kạn', 'PROVINCE', null);
    await create('DT', 'Đảng bộ huyện Đại Từ', 'DISTRICT', 'TN');
    await create('PB', 'Đảng bộ huyện Phú Bình', 'DISTRICT', 'TN');
    await create('CD', 'Đảng bộ huyện Chợ Đồn', 'DISTRICT', 'BK');
    await create('HS', 'Đảng bộ xã Hùng Sơn', 'COMMUNE', 'DT');
    await create('TH', 'Đảng bộ xã Tiên Hội', 'COMMUNE', 'DT');
    await create('KS', 'Đảng bộ xã Kha Sơn', 'COMMUNE', 'PB');
    await create('BL', 'Đảng bộ xã Bằng Lũng', 'COMMUNE', 'CD');
    await create('HS1', 'Chi bộ xóm Đồng Tiến', 'CELL', 'HS');
    await create('TH1', 'Chi bộ xóm Chùa', 'CELL', 'TH');
    await create('BL1', 'Chi bộ thôn Nà Pài', 'CELL', 'BL');
    for (const [key, name, commune, cell, head] of [
      ['V1', 'Xóm Đồng Tiến', 'HS', 'HS1', 'member'],
      ['V2', 'Xóm Chùa', 'TH', 'TH1', 'not a member'],
      ['V3', 'Thôn Nà Pài', 'BL', 'BL1', 'member'],
      ['V4', 'Thôn Khuổi Đắng', 'BL', null, 'member'],
    ] as const) {
      const registered = await mutate(
        'registerLocality',
        {
          code: `${P}.${key}`,
          name,
          kind: 'VILLAGE',
          communeId: ids[commune],
          cellIds: cell ? [ids[cell]] : [],
          effectiveDate: '2020-01-01',
        },
        'locality { id } userErrors { code message }',
      );
      expect(registered.userErrors).toEqual([]);
      ids[key] = (registered.locality as { id: string }).id;
      const appointed = await mutate(
        'appointLocalityHead',
        {
          id: ids[key],
          name: `Trưởng ${name}`,
          memberId: head === 'member' ? Buffer.from(`Member:${P}-${key}`).toString('base64url') : null,
          termStart: '2022-01-01',
        },
        'locality { id } userErrors { code message }',
      );
      expect(appointed.userErrors).toEqual([]);
    }
  }

  afterAll(async () => {
    await system.stop();
    await system.drop();
  });

  it('refuses what the rules forbid', async () => {
    await buildTree();
    // After the reform no district may be created or kept as a parent.
    const late = await mutate('createOrganisation', {
      code: `${P}.NEWD`,
      name: 'Huyện mới',
      level: 'DISTRICT',
      sector: 'STATE_AGENCY',
      parentId: ids.TN,
      effectiveDate: REFORM,
    });
    expect(late.userErrors.map((e) => e.code)).toEqual(['LEVEL_NOT_ALLOWED_UNDER_PARENT']);
    const tooEarly = await mutate('mergeOrganisations', {
      sourceIds: [ids.HS, ids.TH],
      target: { existingId: ids.KS },
      effectiveDate: '2019-06-01',
    });
    expect(tooEarly.userErrors.map((e) => e.code)).toEqual(['EFFECTIVE_DATE_BEFORE_CREATION']);
    const intoItself = await mutate('mergeOrganisations', {
      sourceIds: [ids.HS],
      target: { existingId: ids.HS },
      effectiveDate: REFORM,
    });
    expect(intoItself.userErrors.map((e) => e.code)).toEqual(['MERGE_INTO_ITSELF']);
  });

  /** The reform of 1 July 2025, as the committees decided it. */
  async function applyReform(): Promise<void> {
    // 1. Communes merged into a new commune directly under the province.
    const merged = await mutate(
      'mergeOrganisations',
      {
        sourceIds: [ids.HS, ids.TH],
        target: {
          create: {
            code: `${P}.XDT`,
            name: 'Đảng bộ xã Đại Từ',
            level: 'COMMUNE',
            sector: 'RESIDENTIAL',
            parentId: ids.TN,
          },
        },
        effectiveDate: REFORM,
        decision,
      },
      'organisation { id code } created { code } userErrors { code message }',
    );
    expect(merged.userErrors).toEqual([]);
    ids.XDT = (merged.organisation as { id: string }).id;
    // 2. The other communes go directly under their province.
    for (const [commune, province] of [
      ['KS', 'TN'],
      ['BL', 'BK'],
    ] as const) {
      const moved = await mutate('moveOrganisation', {
        id: ids[commune],
        parentId: ids[province],
        effectiveDate: REFORM,
        decision,
      });
      expect(moved.userErrors).toEqual([]);
    }
    // 3. The districts, now empty, are dissolved.
    for (const district of ['DT', 'PB', 'CD']) {
      const dissolved = await mutate('dissolveOrganisation', {
        id: ids[district],
        reason: 'Kết thúc hoạt động cấp huyện',
        effectiveDate: REFORM,
        decision,
      });
      expect(dissolved.userErrors).toEqual([]);
    }
    // 4. Bắc Kạn merges into Thái Nguyên.
    const provinces = await mutate('mergeOrganisations', {
      sourceIds: [ids.BK],
      target: { existingId: ids.TN },
      effectiveDate: REFORM,
      decision,
    });
    expect(provinces.userErrors).toEqual([]);
  }

  describe('once applied', () => {
    beforeAll(async () => {
      await buildTree();
      await applyReform();
    });

    it('shows the tree as it was the day before', async () => {
      expect(await tree('TN', BEFORE)).toEqual([
        'TN Đảng bộ tỉnh Thái Nguyên',
        '  DT Đảng bộ huyện Đại Từ',
        '    HS Đảng bộ xã Hùng Sơn',
        '      HS1 Chi bộ xóm Đồng Tiến',
        '    TH Đảng bộ xã Tiên Hội',
        '      TH1 Chi bộ xóm Chùa',
        '  PB Đảng bộ huyện Phú Bình',
        '    KS Đảng bộ xã Kha Sơn',
      ]);
      expect(await tree('BK', BEFORE)).toEqual([
        'BK Đảng bộ tỉnh Bắc Kạn',
        '  CD Đảng bộ huyện Chợ Đồn',
        '    BL Đảng bộ xã Bằng Lũng',
        '      BL1 Chi bộ thôn Nà Pài',
      ]);
    });

    it('shows the tree as it is from the day the reform took effect', async () => {
      expect(await tree('TN', REFORM)).toEqual([
        'TN Đảng bộ tỉnh Thái Nguyên',
        '  BL Đảng bộ xã Bằng Lũng',
        '    BL1 Chi bộ thôn Nà Pài',
        '  KS Đảng bộ xã Kha Sơn',
        '  XDT Đảng bộ xã Đại Từ',
        '    HS1 Chi bộ xóm Đồng Tiến',
        '    TH1 Chi bộ xóm Chùa',
      ]);
      const bk = await graphql<{
        organisation: { status: string; successors: { code: string }[]; validUntil: string };
      }>(
        system.gateway.url,
        `
          query ($id: ID!) {
            organisation(id: $id, asOf: "2025-07-01") {
              status
              validUntil
              successors {
                code
              }
            }
          }
        `,
        { id: ids.BK },
      );
      expect(bk.data!.organisation).toEqual({
        status: 'DISSOLVED',
        validUntil: BEFORE,
        successors: [{ code: `${P}.TN` }],
      });
      const xdt = await graphql<{
        organisation: {
          predecessors: { code: string }[];
          history: { change: string; decision: { number: string } | null }[];
        };
      }>(
        system.gateway.url,
        `
          query ($id: ID!) {
            organisation(id: $id, asOf: "2025-07-01") {
              predecessors {
                code
              }
              history {
                change
                decision {
                  number
                }
              }
            }
          }
        `,
        { id: ids.XDT },
      );
      expect(xdt.data!.organisation.predecessors.map((p) => p.code).sort()).toEqual([`${P}.HS`, `${P}.TH`]);
      expect(xdt.data!.organisation.history).toEqual([
        { change: 'CREATED', decision: { number: '1234-QĐ/TW' } },
      ]);
    });

    it('takes the villages along, and reports coverage and heads by subtree on both dates', async () => {
      const query = `query ($under: ID!, $asOf: Date) {
      localities(filter: { under: $under }, asOf: $asOf, first: 50) { nodes { code commune { code } } }
      uncovered: localities(filter: { under: $under, withoutCell: true }, asOf: $asOf) { nodes { code } }
      localityHeadMembership(under: $under, asOf: $asOf) { localities withHead headsWhoAreMembers share target meetsTarget }
    }`;
      const before = await graphql<{
        localities: { nodes: { code: string; commune: { code: string } }[] };
        uncovered: { nodes: { code: string }[] };
        localityHeadMembership: Record<string, unknown>;
      }>(system.gateway.url, query, { under: ids.TN, asOf: BEFORE });
      expect(before.data!.localities.nodes).toEqual([
        { code: `${P}.V1`, commune: { code: `${P}.HS` } },
        { code: `${P}.V2`, commune: { code: `${P}.TH` } },
      ]);
      expect(before.data!.localityHeadMembership).toEqual({
        localities: 2,
        withHead: 2,
        headsWhoAreMembers: 1,
        share: 0.5,
        target: 0.9,
        meetsTarget: false,
      });
      const after = await graphql<typeof before.data>(system.gateway.url, query, {
        under: ids.TN,
        asOf: REFORM,
      });
      expect(after.data!.localities.nodes).toEqual([
        { code: `${P}.V1`, commune: { code: `${P}.XDT` } },
        { code: `${P}.V2`, commune: { code: `${P}.XDT` } },
        { code: `${P}.V3`, commune: { code: `${P}.BL` } },
        { code: `${P}.V4`, commune: { code: `${P}.BL` } },
      ]);
      expect(after.data!.uncovered.nodes).toEqual([{ code: `${P}.V4` }]);
      expect(after.data!.localityHeadMembership).toEqual({
        localities: 4,
        withHead: 4,
        headsWhoAreMembers: 3,
        share: 0.75,
        target: 0.9,
        meetsTarget: false,
      });
    });
  });
});
