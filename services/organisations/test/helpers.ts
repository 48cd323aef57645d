import { randomUUID } from 'node:crypto';
import { createLogger } from '@dangvien/logger';
import { graphql, testKafkaEnvironment, testDatabase } from '@dangvien/testing';
import type { TestDatabase } from '@dangvien/testing';
import type { KafkaConfig } from 'kafkajs';
import { readEnvironment } from '../src/environment';
import type { ReorganisationFaults } from '../src/reorganisations';
import { createOrganisationsService } from '../src/service';

/** An organisations service on a free port with its own database, against the real servers. */
export function startTestService(
  options: {
    seed?: boolean;
    name?: string;
    database?: TestDatabase;
    kafka?: Partial<KafkaConfig>;
    faults?: ReorganisationFaults;
  } = {},
) {
  const database = options.database ?? testDatabase(options.name ?? 'organisations');
  const config = readEnvironment({
    NODE_ENV: 'test',
    PORT: '0',
    MONGO_URL: database.url,
    MONGO_DB: database.name,
    ...testKafkaEnvironment('organisations'),
    CONSUMER_GROUP_SUFFIX: `test-${randomUUID()}`,
    SEED_DEMO: options.seed ? 'true' : 'false',
    OUTBOX_SWEEP_INTERVAL_MS: '1000',
    // The tests call the subgraph directly, as the province (ADMIN_IDENTITY_HEADERS of @dangvien/testing).
    TRUST_IDENTITY_HEADERS: 'true',
  });
  const service = createOrganisationsService(config, {
    logger: createLogger({ name: 'organisations-test', level: process.env.TEST_LOG_LEVEL ?? 'fatal' }),
    ...(options.kafka ? { kafka: options.kafka } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  return { service, parts: service.parts, database, mongoUrl: database.url, config };
}

export interface Payload {
  organisation: {
    id: string;
    code: string;
    name: string;
    level: string;
    status: string;
    parent: { code: string } | null;
  } | null;
  userErrors: { code: string; field: string[] | null; message: string }[];
  [field: string]: unknown;
}

/** Runs mutation `name(input:)` against `url` and returns its payload (no GraphQL error allowed). */
export async function mutate(
  url: string,
  name: string,
  input: Record<string, unknown>,
  fields: string,
): Promise<Payload> {
  const inputType = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  const response = await graphql<Record<string, Payload>>(
    url,
    `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${fields} } }`,
    { input },
  );
  expect(response.errors).toBeUndefined();
  return response.data![name]!;
}

/** A prefix no other test uses, for the codes of the units a test creates. */
export function uniquePrefix(): string {
  return `T${Date.now().toString(36).toUpperCase()}${randomUUID().slice(0, 4).toUpperCase()}`;
}

/**
 * A small tree of a test's own, created through the API on 2020-01-01: province P, district D,
 * communes A and B, cells A1, A2 (under A) and B1 (under B), and village VA of A covered by A1.
 * Returns the ids by key and the code prefix.
 */
export async function createTree(url: string, prefix = uniquePrefix()) {
  const ids: Record<string, string> = {};
  const create = async (key: string, level: string, parent: string | null) => {
    const payload = await mutate(
      url,
      'createOrganisation',
      {
        code: `${prefix}.${key}`,
        name: `Tổ chức ${key}`,
        level,
        sector: level === 'PROVINCE' ? 'STATE_AGENCY' : 'RESIDENTIAL',
        parentId: parent ? ids[parent] : null,
        effectiveDate: '2020-01-01',
      },
      'organisation { id } userErrors { code message }',
    );
    expect(payload.userErrors).toEqual([]);
    ids[key] = payload.organisation!.id;
  };
  for (const [key, level, parent] of [
    ['P', 'PROVINCE', null],
    ['D', 'DISTRICT', 'P'],
    ['A', 'COMMUNE', 'D'],
    ['B', 'COMMUNE', 'D'],
    ['A1', 'CELL', 'A'],
    ['A2', 'CELL', 'A'],
    ['B1', 'CELL', 'B'],
  ] as const) {
    await create(key, level, parent);
  }
  const village = await mutate(
    url,
    'registerLocality',
    {
      code: `${prefix}.VA`,
      name: 'Xóm Đồng Cả',
      kind: 'HAMLET',
      communeId: ids.A,
      cellIds: [ids.A1],
      effectiveDate: '2020-01-01',
    },
    'locality { id } userErrors { code message }',
  );
  expect(village.userErrors).toEqual([]);
  ids.VA = (village.locality as { id: string }).id;
  return { ids, prefix, create };
}

export { graphql } from '@dangvien/testing';
