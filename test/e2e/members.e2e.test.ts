import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { addDays, addMonths, addYears, dayBefore, todayInVietnam } from '@dangvien/domain';
import type { Service } from '@dangvien/runtime';
import { waitFor } from '@dangvien/testing';
import { createOrganisation, graphql, membersTreeHolds, startSystem } from './harness';
import type { System } from './harness';

const today = todayInVietnam();
const ago = (years: number, months = 0, days = 0) =>
  addDays(addMonths(addYears(today, -years), months), days);
const vn = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
const decision = (date: string) => ({ number: '12-QĐ/ĐU', date, issuedBy: 'Đảng ủy xã' });

/**
 * Counts the database commands a service sends while `work` runs (the driver's command monitoring),
 * leaving out what runs on its own meanwhile: the outbox relay's sweep and the consumers' markers.
 */
async function commandsDuring(service: Service<unknown>, work: () => Promise<unknown>): Promise<string[]> {
  const client = (service.runtime.database.connection as Connection).getClient();
  const seen: string[] = [];
  const listener = (event: { commandName: string; command: Record<string, unknown> }) => {
    const collection = String(event.command[event.commandName]);
    const filter = JSON.stringify(event.command.filter ?? {});
    if (
      event.commandName === 'getMore' ||
      collection === 'processed_events' ||
      filter.includes('outboxPending') ||
      filter.includes('outboxDue')
    )
      return;
    seen.push(`${event.commandName} ${collection}`);
  };
  client.on('commandStarted', listener);
  try {
    await work();
  } finally {
    client.off('commandStarted', listener);
  }
  return seen.sort();
}

/**
 * The members subgraph through the gateway, with the organisations service running next to it: the
 * tree comes over Kafka, members are registered, imported, moved through their lifecycle and
 * transferred, and the statistics, the increase/decrease report, the search and the organisations'
 * own member counts are checked against figures worked out by hand.
 */
describe('members through the gateway', () => {
  let system: System;
  const mongoUrl = process.env.MONGO_URL!;
  const prefix = `E${Date.now().toString(36).toUpperCase()}${randomUUID().slice(0, 4).toUpperCase()}`;
  const ids: Record<string, string> = {};
  const people: Record<string, string> = {};

  beforeAll(async () => {
    // Command monitoring on every service's connection, for the command count below.
    process.env.MONGO_URL = `${mongoUrl}${mongoUrl.includes('?') ? '&' : '?'}monitorCommands=true`;
    system = await startSystem('members');
    process.env.MONGO_URL = mongoUrl;
    const units: [string, string, string | null][] = [
      ['P', 'PROVINCE', null],
      ['C1', 'COMMUNE', 'P'],
      ['C2', 'COMMUNE', 'P'],
      ['A1', 'CELL', 'C1'],
      ['A2', 'CELL', 'C1'],
      ['B1', 'CELL', 'C2'],
      ['BIG', 'CELL', 'C2'],
    ];
    for (const [key, level, parent] of units) {
      ids[key] = await createOrganisation(system.gateway.url, {
        code: `${prefix}.${key}`,
        name: `Chi bộ ${key}`,
        level,
        sector: level === 'PROVINCE' ? 'STATE_AGENCY' : 'RESIDENTIAL',
        parentId: parent ? ids[parent] : null,
        effectiveDate: '2020-01-01',
      });
    }
  }, 120_000);
  afterAll(async () => {
    await system.stop();
    await system.drop();
  });

  const call = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await graphql<T>(system.gateway.url, query, variables);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const mutate = async (name: string, input: Record<string, unknown>) => {
    const type = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
    const data = await call<
      Record<string, { member: { id: string } | null; userErrors: { code: string; message: string }[] }>
    >(
      `mutation ($input: ${type}!) { ${name}(input: $input) { member { id } userErrors { code message } } }`,
      { input },
    );
    expect({ name, errors: data[name]!.userErrors }).toEqual({ name, errors: [] });
    return data[name]!.member!.id;
  };
  const person = (
    fullName: string,
    sex: 'MALE' | 'FEMALE',
    ethnicityCode = '01',
    card = String(60_000_000 + Math.floor(Math.random() * 30_000_000)),
  ) => ({
    fullName,
    sex,
    dateOfBirth: '1980-04-04',
    ethnicityCode,
    generalEducation: '12/12',
    partyCardNumber: card,
  });
  const official = (cell: string, who: ReturnType<typeof person>) =>
    mutate('registerMember', {
      person: who,
      organisationId: ids[cell],
      decisionDate: '2012-05-19',
      ceremonyDate: '2012-06-01',
      officialDate: '2013-06-01',
    });
  const unit = <T>(key: string, fields: string, variables: Record<string, unknown> = {}) =>
    call<{ organisation: T }>(
      `query ($id: ID!${Object.keys(variables)
        .map((k) => `, $${k}: Date!`)
        .join('')}) { organisation(id: $id) { ${fields} } }`,
      { id: ids[key], ...variables },
    ).then((d) => d.organisation);

  it('registers, imports, moves members through their lifecycle and transfers, and counts them right everywhere', async () => {
    // Every unit first (A1 known and A2 not yet refused a registration in A2).
    await membersTreeHolds(system, Object.values(ids));
    people.ha = await waitFor(
      async () => {
        const response = await graphql<{ registerMember: { member: { id: string } | null } }>(
          system.gateway.url,
          `
            mutation ($input: RegisterMemberInput!) {
              registerMember(input: $input) {
                member {
                  id
                }
              }
            }
          `,
          {
            input: {
              person: person('Nguyễn Thị Hà', 'FEMALE', '02'),
              organisationId: ids.A1,
              decisionDate: '2012-05-19',
              ceremonyDate: '2012-06-01',
              officialDate: '2013-06-01',
            },
          },
        );
        return response.data?.registerMember.member?.id;
      },
      // Every organisation event on the shared topic comes first, earlier test files' included.
      { timeoutMs: 120_000, description: 'the tree in the members service' },
    );
    people.binh = await official('A1', person('Trần Văn Bình', 'MALE'));
    people.cuong = await official('A1', person('Lê Văn Cường', 'MALE'));
    people.dung = await official('A2', person('Phạm Thị Dung', 'FEMALE'));
    people.em = await official('A2', person('Nông Văn Em', 'MALE', '07'));

    // Three more from a member list, in Vietnamese, one of them admitted two months ago.
    const rows = [
      [
        'Số thẻ đảng',
        'Họ và tên',
        'Giới tính',
        'Ngày sinh',
        'Dân tộc',
        'Mã tổ chức đảng',
        'Ngày quyết định kết nạp',
        'Ngày kết nạp',
        'Ngày chính thức',
      ],
      [
        '71000001',
        'Hoàng Văn Phong',
        'Nam',
        '02/02/1979',
        'Kinh',
        `${prefix}.B1`,
        '19/05/2012',
        '01/06/2012',
        '01/06/2013',
      ],
      [
        '71000002',
        'Triệu Thị Giang',
        'Nữ',
        '03/03/1990',
        'Dao',
        `${prefix}.B1`,
        '19/05/2012',
        '01/06/2012',
        '01/06/2013',
      ],
      [
        '71000003',
        'Vũ Quang Huy',
        'Nam',
        '04/04/2001',
        'Kinh',
        `${prefix}.B1`,
        vn(ago(0, -2)),
        vn(ago(0, -2)),
        '',
      ],
      ['71000004', 'Dòng hỏng', 'Nam', '04/04/2001', 'Người sao Hỏa', `${prefix}.B1`, vn(ago(0, -2)), '', ''],
    ]
      .map((r) => r.join(','))
      .join('\n');
    const imported = await call<{
      importMembers: {
        import: { created: number; rejected: number; errors: { row: number; rule: string }[] };
      };
    }>(
      `mutation ($input: ImportMembersInput!) { importMembers(input: $input) { import { created rejected errors { row rule } } userErrors { code } } }`,
      { input: { fileName: 'danh-sach.csv', content: Buffer.from(rows).toString('base64') } },
    );
    expect(imported.importMembers.import).toEqual({
      created: 3,
      rejected: 1,
      errors: [{ row: 5, rule: 'ETHNICITY_UNKNOWN' }],
    });

    // One member through every state.
    const l = await mutate('registerMember', {
      person: person('Đỗ Văn Lâm', 'MALE'),
      organisationId: ids.A1,
      decisionDate: ago(9),
      ceremonyDate: ago(9, 0, 10),
    });
    await mutate('recogniseOfficial', { id: l, decision: decision(addMonths(ago(9, 0, 10), 13)) });
    await mutate('exemptMember', { id: l, effectiveDate: ago(7), reason: 'Ốm dài ngày' });
    await mutate('endExemption', { id: l, effectiveDate: ago(6) });
    await mutate('issueTransferLetter', {
      id: l,
      toOrganisationId: ids.B1,
      kind: 'TEMPORARY',
      issuedOn: ago(5, -6),
    });
    await mutate('acceptTransfer', { id: l, acceptedOn: ago(5, -6, 5) });
    await mutate('endTemporaryTransfer', { id: l, effectiveDate: ago(5, -3) });
    await mutate('issueTransferLetter', {
      id: l,
      toOrganisationId: ids.A2,
      kind: 'PERMANENT',
      issuedOn: ago(5),
    });
    await mutate('acceptTransfer', { id: l, acceptedOn: ago(5, 0, 10) });
    await mutate('recordDiscipline', {
      id: l,
      form: 'WARNING',
      effectiveDate: ago(4, -6),
      reason: 'Vi phạm quy chế',
      decision: decision(ago(4, -6)),
    });
    await mutate('recordLeaving', { id: l, reason: 'REMOVED', effectiveDate: ago(4) });
    await mutate('readmitMember', {
      id: l,
      organisationId: ids.A2,
      decisionDate: ago(0, -2),
      decisionNumber: '5-QĐ/ĐU',
    });
    await mutate('recordLeaving', { id: l, reason: 'DECEASED', effectiveDate: today });
    const lam = await call<{ member: { status: string; statusHistory: { status: string }[] } }>(
      `query ($id: ID!) { member(id: $id) { status statusHistory { status } } }`,
      { id: l },
    );
    expect(lam.member.statusHistory.map((s) => s.status)).toEqual([
      'PROBATIONARY',
      'OFFICIAL',
      'REMOVED',
      'PROBATIONARY',
      'DECEASED',
    ]);

    // One permanent transfer (Cường, A1 → B1) and one temporary (Dung, A2 → B1).
    await mutate('issueTransferLetter', {
      id: people.cuong,
      toOrganisationId: ids.B1,
      kind: 'PERMANENT',
      issuedOn: ago(0, -3, -5),
      letterNumber: '7-GGT',
    });
    await mutate('acceptTransfer', { id: people.cuong, acceptedOn: ago(0, -3) });
    await mutate('issueTransferLetter', {
      id: people.dung,
      toOrganisationId: ids.B1,
      kind: 'TEMPORARY',
      issuedOn: ago(0, -4),
    });
    await mutate('acceptTransfer', { id: people.dung, acceptedOn: ago(0, -4, 3) });

    // Worked out by hand: start (the day before the period) C1 Hà Bình Cường Dung Em, C2 Phong Giang;
    // in the period Huy admitted in B1, Lâm readmitted in A2 and died today, Cường moved to B1.
    const STATS = `memberStatistics { total official probationary women { count } ethnicMinorities { count } temporarilyAway temporarilyHere }`;
    const expected = {
      total: 8,
      official: 7,
      probationary: 1,
      women: { count: 3 },
      ethnicMinorities: { count: 3 },
      temporarilyAway: 1,
      temporarilyHere: 1,
    };
    await waitFor(
      () => unit<{ memberStatistics: typeof expected }>('P', STATS).then((o) => o.memberStatistics),
      {
        until: (s) => JSON.stringify(s) === JSON.stringify(expected),
        timeoutMs: 30_000,
        description: 'the province statistics',
      },
    );
    expect((await unit<{ memberStatistics: unknown }>('C1', STATS)).memberStatistics).toEqual({
      total: 4,
      official: 4,
      probationary: 0,
      women: { count: 2 },
      ethnicMinorities: { count: 2 },
      temporarilyAway: 1,
      temporarilyHere: 0,
    });
    expect((await unit<{ memberStatistics: unknown }>('C2', STATS)).memberStatistics).toEqual({
      total: 4,
      official: 3,
      probationary: 1,
      women: { count: 1 },
      ethnicMinorities: { count: 1 },
      temporarilyAway: 0,
      temporarilyHere: 1,
    });
    const MOVES = `memberMovements(from: $from, to: $to) { start admitted readmitted transferredIn died transferredOut end }`;
    const period = { from: ago(0, -6), to: today };
    expect((await unit<{ memberMovements: unknown }>('P', MOVES, period)).memberMovements).toEqual({
      start: 7,
      admitted: 2,
      readmitted: 1,
      transferredIn: 0,
      died: 1,
      transferredOut: 0,
      end: 8,
    });
    expect((await unit<{ memberMovements: unknown }>('C1', MOVES, period)).memberMovements).toEqual({
      start: 5,
      admitted: 1,
      readmitted: 1,
      transferredIn: 0,
      died: 1,
      transferredOut: 1,
      end: 4,
    });
    expect((await unit<{ memberMovements: unknown }>('C2', MOVES, period)).memberMovements).toEqual({
      start: 2,
      admitted: 1,
      readmitted: 0,
      transferredIn: 1,
      died: 0,
      transferredOut: 0,
      end: 4,
    });
    expect(
      (
        await unit<{ memberStatistics: { total: number } }>(
          'P',
          `memberStatistics(asOf: "${dayBefore(period.from)}") { total }`,
        )
      ).memberStatistics.total,
    ).toBe(7);

    // The organisations service counts the same from the members' events (its own projection).
    const COUNTS = `memberCounts { official probationary } members(first: 20) { nodes { fullName } }`;
    await waitFor(() => unit<{ memberCounts: { official: number; probationary: number } }>('B1', COUNTS), {
      until: (o) => o.memberCounts.official === 3 && o.memberCounts.probationary === 1,
      timeoutMs: 30_000,
      description: 'the organisations service counting B1',
    });
    expect(await unit('A1', COUNTS)).toEqual({
      memberCounts: { official: 2, probationary: 0 },
      members: { nodes: [{ fullName: 'Trần Văn Bình' }, { fullName: 'Nguyễn Thị Hà' }] },
    });
    expect(
      (await unit<{ members: { nodes: { fullName: string }[] } }>('B1', COUNTS)).members.nodes.map(
        (n) => n.fullName,
      ),
    ).toEqual(['Lê Văn Cường', 'Triệu Thị Giang', 'Vũ Quang Huy', 'Hoàng Văn Phong']);

    // "nguyen thi ha" finds "Nguyễn Thị Hà".
    const found = await call<{ members: { nodes: { fullName: string; organisation: { code: string } }[] } }>(
      `query ($under: ID) { members(filter: { search: "nguyen thi ha" }, under: $under) { nodes { fullName organisation { code } } } }`,
      { under: ids.P },
    );
    expect(found.members.nodes).toEqual([
      { fullName: 'Nguyễn Thị Hà', organisation: { code: `${prefix}.A1` } },
    ]);

    // Sensitive data is not shown to a caller without the explicit scope, even the province's.
    const withoutScope = { authorization: `Bearer ${await system.keys.token({ role: 'PROVINCIAL_ADMIN' })}` };
    const sensitive = await graphql<{ member: { fullName: string; ethnicity: unknown } }>(
      system.gateway.url,
      `
        query ($id: ID!) {
          member(id: $id) {
            fullName
            ethnicity {
              code
            }
          }
        }
      `,
      { id: people.ha },
      withoutScope,
    );
    expect(sensitive.data!.member).toEqual({ fullName: 'Nguyễn Thị Hà', ethnicity: null });
    expect(sensitive.errors!.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  }, 360_000);

  it('reads 100 members with their organisations in as many commands as 10', async () => {
    const header =
      'Số thẻ đảng,Họ và tên,Giới tính,Ngày sinh,Dân tộc,Mã tổ chức đảng,Ngày quyết định kết nạp,Ngày kết nạp,Ngày chính thức';
    const lines = Array.from(
      { length: 100 },
      (_, i) =>
        `${72_000_000 + i},Thành viên ${i},Nam,01/01/1985,Kinh,${prefix}.BIG,19/05/2012,01/06/2012,01/06/2013`,
    );
    // Until the tree has reached the members service every row is refused (and nothing written).
    await waitFor(
      async () => {
        const imported = await call<{ importMembers: { import: { created: number } } }>(
          `mutation ($input: ImportMembersInput!) { importMembers(input: $input) { import { created } userErrors { code } } }`,
          {
            input: {
              fileName: 'big.csv',
              content: Buffer.from([header, ...lines].join('\n')).toString('base64'),
            },
          },
        );
        return imported.importMembers.import.created;
      },
      { until: (created) => created === 100, timeoutMs: 120_000, description: 'the 100 members imported' },
    );
    const LIST = `query ($id: ID!, $first: Int!) { organisation(id: $id) { members(first: $first) { nodes { fullName partyCardNumber organisation { code name parent { code } } } } } }`;
    const read = (first: number) =>
      call<{
        organisation: { members: { nodes: { organisation: { code: string; parent: { code: string } } }[] } };
      }>(LIST, { id: ids.BIG, first });
    // Wait for the services to take the import in (figures, counts), so nothing else runs meanwhile.
    await waitFor(() => unit<{ memberCounts: { official: number } }>('BIG', 'memberCounts { official }'), {
      until: (o) => o.memberCounts.official === 100,
      timeoutMs: 60_000,
    });
    await waitFor(() => unit<{ memberStatistics: { total: number } }>('BIG', 'memberStatistics { total }'), {
      until: (o) => o.memberStatistics.total === 100,
      timeoutMs: 60_000,
    });
    await read(10);
    const count = async (first: number) => ({
      members: await commandsDuring(system.services.members!, () => read(first)),
      organisations: await commandsDuring(system.services.organisations!, () => read(first)),
      nodes: (await read(first)).organisation.members.nodes,
    });
    const ten = await count(10);
    const hundred = await count(100);
    expect(ten.nodes).toHaveLength(10);
    expect(hundred.nodes).toHaveLength(100);
    expect(
      hundred.nodes.every(
        (n) => n.organisation.code === `${prefix}.BIG` && n.organisation.parent.code === `${prefix}.C2`,
      ),
    ).toBe(true);
    expect({ members: hundred.members, organisations: hundred.organisations }).toEqual({
      members: ten.members,
      organisations: ten.organisations,
    });
    // The members service: the two change counters (tree, figures) and one find of the page; the
    // organisations service answers from its in-memory tree.
    expect(hundred.members).toEqual(['find counters', 'find counters', 'find members']);
    expect(hundred.organisations).toEqual([]);
  }, 240_000);
});
