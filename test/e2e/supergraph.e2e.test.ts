import {
  CLOUDEVENTS_HEADERS,
  EVENT_TYPES,
  isEventType,
  TOPICS,
  validateEventData,
} from '@dangvien/contracts';
import { createGateway, overrideVariable, readEnvironment, SUBGRAPHS } from '@dangvien/gateway';
import { createLogger } from '@dangvien/logger';
import { createTestKafka, readTopicMessages } from '@dangvien/testing';
import { createOrganisation, graphql, startSystem } from './harness';
import type { System } from './harness';

describe('supergraph end to end: gateway → organisations → Kafka', () => {
  let system: System;
  const prefix = `E${Date.now().toString(36).toUpperCase()}`;

  beforeAll(async () => {
    system = await startSystem('e2e_supergraph');
  });

  afterAll(async () => {
    await system.stop();
    await system.drop();
  });

  it('is ready once the supergraph is loaded and the subgraph answers', async () => {
    const ready = await fetch(system.gateway.url.replace('/graphql', '/health/ready'));
    expect(ready.status).toBe(200);
    const live = await fetch(system.gateway.url.replace('/graphql', '/health/live'));
    expect(live.status).toBe(200);
  });

  it('builds a tree with mutations, reads the subtree, and publishes schema-valid CloudEvents', async () => {
    const url = system.gateway.url;
    const province = await createOrganisation(url, {
      code: `${prefix}`,
      name: 'Đảng bộ tỉnh Thử nghiệm',
      level: 'PROVINCE',
      sector: 'STATE_AGENCY',
    });
    const commune = await createOrganisation(url, {
      code: `${prefix}.XA`,
      name: 'Đảng bộ xã Đại Từ',
      level: 'COMMUNE',
      sector: 'RESIDENTIAL',
      parentId: province,
    });
    await createOrganisation(url, {
      code: `${prefix}.XA.C1`,
      name: 'Chi bộ xóm Đồng Cả',
      level: 'CELL',
      sector: 'RESIDENTIAL',
      parentId: commune,
    });
    await createOrganisation(url, {
      code: `${prefix}.XA.C2`,
      name: 'Chi bộ xóm Cầu Thành',
      level: 'CELL',
      sector: 'RESIDENTIAL',
      parentId: commune,
    });
    const police = await createOrganisation(url, {
      code: `${prefix}.CA`,
      name: 'Đảng bộ Công an tỉnh',
      level: 'DIRECTLY_UNDER',
      sector: 'POLICE',
      parentId: province,
    });

    const tree = await graphql<{
      organisationByCode: {
        id: string;
        name: string;
        children: { nodes: { code: string }[] };
        descendants: {
          totalCount: number;
          nodes: { code: string; level: string; parent: { code: string } }[];
        };
      };
    }>(
      url,
      `
        query ($code: String!) {
          organisationByCode(code: $code) {
            id
            name
            children {
              nodes {
                code
              }
            }
            descendants(first: 100) {
              totalCount
              nodes {
                code
                level
                parent {
                  code
                }
              }
            }
          }
        }
      `,
      { code: prefix.toLowerCase() },
    );
    expect(tree.errors).toBeUndefined();
    const root = tree.data!.organisationByCode;
    expect(root.id).toBe(province);
    expect(root.children.nodes.map((n) => n.code)).toEqual([`${prefix}.CA`, `${prefix}.XA`]);
    expect(root.descendants.totalCount).toBe(4);
    expect(root.descendants.nodes).toEqual([
      { code: `${prefix}.CA`, level: 'DIRECTLY_UNDER', parent: { code: prefix } },
      { code: `${prefix}.XA`, level: 'COMMUNE', parent: { code: prefix } },
      { code: `${prefix}.XA.C1`, level: 'CELL', parent: { code: `${prefix}.XA` } },
      { code: `${prefix}.XA.C2`, level: 'CELL', parent: { code: `${prefix}.XA` } },
    ]);

    const searched = await graphql<{ organisations: { nodes: { code: string }[] } }>(
      url,
      `
        query ($under: ID) {
          organisations(filter: { under: $under, search: "dai tu" }) {
            nodes {
              code
            }
          }
        }
      `,
      { under: province },
    );
    expect(searched.data!.organisations.nodes.map((n) => n.code)).toEqual([`${prefix}.XA`]);

    const node = await graphql<{ node: { __typename: string; code: string } }>(
      url,
      `
        query ($id: ID!) {
          node(id: $id) {
            __typename
            ... on Organisation {
              code
            }
          }
        }
      `,
      { id: police },
    );
    expect(node.data!.node).toEqual({ __typename: 'Organisation', code: `${prefix}.CA` });

    // A separate, plain consumer: what an integrator sees on the topic.
    const subjects = new Set(
      (
        await system.organisations.parts.repository.organisationCollection
          .find({ code: { $regex: `^${prefix}` } })
          .toArray()
      ).map((d: { _id: unknown }) => String(d._id)),
    );
    expect(subjects.size).toBe(5);
    const records = await readTopicMessages(createTestKafka('e2e-integrator'), TOPICS.organisations, {
      until: (all) => all.filter((m) => subjects.has(m.key?.toString() ?? '')).length >= 5,
      timeoutMs: 30_000,
    });
    const mine = records.filter((m) => subjects.has(m.key?.toString() ?? ''));
    expect(mine).toHaveLength(5);
    for (const record of mine) {
      const header = (name: string) => record.headers?.[name]?.toString();
      expect(header(CLOUDEVENTS_HEADERS.specversion)).toBe('1.0');
      expect(header(CLOUDEVENTS_HEADERS.source)).toBe('/dangvien/organisations');
      expect(header(CLOUDEVENTS_HEADERS.subject)).toBe(record.key?.toString());
      expect(header('content-type')).toBe('application/json');
      const type = header(CLOUDEVENTS_HEADERS.type)!;
      expect(type).toBe(EVENT_TYPES.OrganisationCreated);
      expect(isEventType(type)).toBe(true);
      expect(
        validateEventData(EVENT_TYPES.OrganisationCreated, JSON.parse(record.value!.toString())),
      ).toEqual({ valid: true });
    }
  });

  it('has one error shape, without stack traces', async () => {
    const parseError = await graphql(system.gateway.url, '{ organisations { ');
    expect(parseError.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const validation = await graphql(system.gateway.url, '{ organisations { nope } }');
    expect(validation.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const userInput = await graphql(system.gateway.url, '{ organisations(first: 1000) { nodes { code } } }');
    expect(userInput.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const response of [parseError, validation, userInput]) {
      expect(JSON.stringify(response)).not.toMatch(/stacktrace|\bat .*\.ts:\d+/);
    }
  });

  it('a gateway whose subgraphs do not answer is live but not ready, and says which are missing', async () => {
    // Every subgraph at a port nothing listens on (the discard port), whatever else runs here.
    const dead = Object.fromEntries(
      SUBGRAPHS.map((s) => [overrideVariable(s.name), 'http://127.0.0.1:9/graphql']),
    );
    const gateway = createGateway(
      readEnvironment({ NODE_ENV: 'production', PORT: '0', ...system.keys.gateway, ...dead }),
      { logger: createLogger({ name: 'e2e-gateway', level: 'silent' }) },
    );
    await gateway.start();
    try {
      expect((await fetch(gateway.url.replace('/graphql', '/health/live'))).status).toBe(200);
      const ready = await fetch(gateway.url.replace('/graphql', '/health/ready'));
      expect([ready.status, await ready.json()]).toMatchObject([
        503,
        { status: 'down', missing: SUBGRAPHS.map((s) => s.name).sort() },
      ]);
    } finally {
      await gateway.stop();
    }
  });
});
