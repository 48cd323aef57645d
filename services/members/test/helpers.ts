import { randomUUID } from 'node:crypto';
import type { Kafka, Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { createEvent, EVENT_TYPES, ownedTopics, toKafkaRecord, TOPICS } from '@dangvien/contracts';
import type { EventEnvelope, OrganisationLevel } from '@dangvien/contracts';
import { IDENTITY_HEADER, SCOPES } from '@dangvien/auth';
import type { Identity } from '@dangvien/auth';
import { toGlobalId } from '@dangvien/graphql';
import { ensureTopics } from '@dangvien/kafka';
import { createLogger } from '@dangvien/logger';
import {
  createTestKafka,
  dropDatabase,
  testKafkaEnvironment,
  testDatabase,
  waitFor,
} from '@dangvien/testing';
import type { TestDatabase } from '@dangvien/testing';
import { readEnvironment } from '../src/environment';
import { createMembersService } from '../src/service';

/** A members service on a free port with a database of its own, against the real servers. */
export function startTestService(
  options: { name?: string; database?: TestDatabase; env?: Record<string, string> } = {},
) {
  const database = options.database ?? testDatabase(options.name ?? 'members');
  const config = readEnvironment({
    NODE_ENV: 'test',
    PORT: '0',
    MONGO_URL: database.url,
    MONGO_DB: database.name,
    ...testKafkaEnvironment('members'),
    CONSUMER_GROUP_SUFFIX: `test-${randomUUID()}`,
    SEED_DEMO: 'false',
    OUTBOX_SWEEP_INTERVAL_MS: '1000',
    TRUST_IDENTITY_HEADERS: 'true',
    ...options.env,
  });
  const service = createMembersService(config, {
    logger: createLogger({ name: 'members-test', level: process.env.TEST_LOG_LEVEL ?? 'fatal' }),
  });
  return { service, parts: service.parts, database, config, drop: () => dropDatabase(database.url) };
}

const clerk: Identity = {
  subject: 'test-clerk',
  role: 'PROVINCIAL_ADMIN',
  organisationId: null,
  memberId: null,
  scopes: [SCOPES.sensitiveRead],
};
/** The headers of a provincial officer granted the sensitive-read scope. */
export const SENSITIVE_READER = { [IDENTITY_HEADER]: JSON.stringify(clerk) };

/** The (unsigned, trusted in tests) identity headers of any caller: `as('CELL_SECRETARY', cellId)`. */
export function as(
  role: Identity['role'],
  organisationId: string | null = null,
  extra: Partial<Identity> = {},
): Record<string, string> {
  const identity: Identity = {
    subject: `test-${role.toLowerCase()}`,
    role,
    organisationId,
    memberId: null,
    scopes: [],
    ...extra,
  };
  return { [IDENTITY_HEADER]: JSON.stringify(identity) };
}

export interface GraphQLResult<T> {
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = SENSITIVE_READER,
): Promise<GraphQLResult<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResult<T>;
}

export interface Payload {
  member: (Record<string, unknown> & { id: string }) | null;
  userErrors: { code: string; field: string[] | null; message: string; legalReference: string | null }[];
}

/** Runs mutation `name(input:)` and returns its payload (no GraphQL error allowed). */
export async function mutate(
  url: string,
  name: string,
  input: Record<string, unknown>,
  fields = 'member { id status version }',
): Promise<Payload> {
  const inputType = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  const response = await gql<Record<string, Payload>>(
    url,
    `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${fields} userErrors { code field message legalReference } } }`,
    { input },
  );
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data![name]!;
}

export const orgGlobalId = (id: string) => toGlobalId('Organisation', id);

/** The organisations a test works in: a tree of its own, published as the organisations service would. */
export interface TestTree {
  ids: Record<string, string>;
  codes: Record<string, string>;
  global: (key: string) => string;
}

const TREE: [string, OrganisationLevel, string | null][] = [
  ['P', 'PROVINCE', null],
  ['C1', 'COMMUNE', 'P'],
  ['C2', 'COMMUNE', 'P'],
  ['A1', 'CELL', 'C1'],
  ['A2', 'CELL', 'C1'],
  ['B1', 'CELL', 'C2'],
];

export async function organisationProducer(): Promise<{
  kafka: Kafka;
  producer: Producer;
  stop(): Promise<void>;
}> {
  const kafka = createTestKafka('members-test');
  await ensureTopics(kafka, [
    ...ownedTopics('organisations'),
    ...ownedTopics('recruitment'),
    ...ownedTopics('members'),
  ]);
  const producer = kafka.producer();
  await producer.connect();
  return { kafka, producer, stop: () => producer.disconnect() };
}

export async function publish(producer: Producer, events: EventEnvelope[]): Promise<void> {
  const byTopic = new Map<string, EventEnvelope[]>();
  for (const event of events) {
    const topic = event.type.startsWith('dangvien.recruitment.')
      ? 'dangvien.recruitment.admissions.v1'
      : TOPICS.organisations;
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), event]);
  }
  for (const [topic, list] of byTopic)
    await producer.send({ topic, acks: -1, messages: list.map(toKafkaRecord) });
}

export function createdEvent(
  id: string,
  code: string,
  level: OrganisationLevel,
  parentId: string | null,
  path: string[],
  effectiveDate = '2020-01-01',
) {
  return createEvent(EVENT_TYPES.OrganisationCreated, id, 1, {
    organisationId: id,
    code,
    name: `Tổ chức ${code}`,
    level,
    sector: 'RESIDENTIAL',
    parentId,
    path,
    enterprise: null,
    predecessorIds: [],
    effectiveDate,
    decision: null,
  });
}

/**
 * A test file's service and its own tree, for the file's tests: before them the service starts and
 * the tree is published (`held.tree`, with the producer that published it, `held.kafka`); after
 * them the service stops and its database is dropped.
 */
export function withTree(started: Pick<ReturnType<typeof startTestService>, 'service' | 'parts' | 'drop'>) {
  const held = {} as { kafka: Awaited<ReturnType<typeof organisationProducer>>; tree: TestTree };
  beforeAll(async () => {
    held.kafka = await organisationProducer();
    await started.service.start();
    held.tree = await publishTree(held.kafka.producer, started.parts);
  }, 60_000);
  afterAll(async () => {
    await started.service.stop();
    await held.kafka?.stop();
    await started.drop();
  });
  return held;
}

/** Publishes the tree P > C1 > A1, A2 and P > C2 > B1 (created 2020-01-01) and waits for the service to know it. */
export async function publishTree(
  producer: Producer,
  parts: { treeStore: { refresh(): Promise<void>; tree: { has(id: string): boolean } } },
): Promise<TestTree> {
  const prefix = `T${Date.now().toString(36).toUpperCase()}${randomUUID().slice(0, 4).toUpperCase()}`;
  const ids: Record<string, string> = {};
  const codes: Record<string, string> = {};
  const events: EventEnvelope[] = [];
  for (const [key, level, parent] of TREE) {
    ids[key] = randomUUID();
    codes[key] = `${prefix}.${key}`;
    const path: string[] = [];
    for (let p = parent; p; p = TREE.find(([k]) => k === p)![2]) path.unshift(ids[p]!);
    events.push(createdEvent(ids[key]!, codes[key]!, level, parent ? ids[parent]! : null, path));
  }
  await publish(producer, events);
  await waitFor(
    async () => {
      await parts.treeStore.refresh();
      return Object.values(ids).every((id) => parts.treeStore.tree.has(id));
    },
    { timeoutMs: 30_000, description: 'the test tree in the members service' },
  );
  return { ids, codes, global: (key) => orgGlobalId(ids[key]!) };
}

/** A person for registerMember. */
export function person(overrides: Record<string, unknown> = {}) {
  return {
    fullName: 'Nguyễn Thị Hà',
    sex: 'FEMALE',
    dateOfBirth: '1985-03-12',
    ethnicityCode: '02',
    religion: null,
    generalEducation: '12/12',
    professionalQualification: 'UNIVERSITY',
    politicalTheory: 'INTERMEDIATE',
    youthUnionEntryDate: '2000-03-26',
    partyCardNumber: String(Math.floor(10_000_000 + Math.random() * 89_999_999)),
    citizenId: '019185000123',
    ...overrides,
  };
}

/** Waits until consumer group `groupId` has committed the end of every partition of `topic`. */
export async function caughtUp(
  kafka: Kafka,
  groupId: string,
  topic: string,
  timeoutMs = 30_000,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(
      async () => {
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return ends.every((end) => {
          const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
          return Number(end.offset) === 0 || Number(at) >= Number(end.offset);
        });
      },
      { timeoutMs, intervalMs: 200, description: `${groupId} caught up on ${topic}` },
    );
  } finally {
    await admin.disconnect();
  }
}

/** Everything the members service stores, for before/after comparisons (outbox entries left out: the relay empties them). */
export async function storedState(db: Connection): Promise<Record<string, Record<string, unknown>>> {
  const names = ['members', 'figures', 'audit', 'tree'];
  const state: Record<string, Record<string, unknown>> = {};
  for (const name of names) {
    for (const doc of await db.collection(name).find({}).toArray()) {
      const { outbox: _outbox, outboxPending: _pending, outboxDue: _due, updatedAt: _updated, ...rest } = doc;
      state[`${name}/${String(doc._id)}`] = rest;
    }
  }
  return state;
}

/** What differs between two stored states: `<collection>/<id>.<field>` per difference (empty when none). */
export function differences(
  before: Record<string, Record<string, unknown>>,
  after: Record<string, Record<string, unknown>>,
): string[] {
  const found: string[] = [];
  for (const id of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const [a, b] = [before[id], after[id]];
    if (!a || !b) {
      found.push(`${id} ${a ? 'removed' : 'added'}`);
      continue;
    }
    for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const [x, y] = [JSON.stringify(a[field]), JSON.stringify(b[field])];
      if (x !== y) found.push(`${id}.${field}: ${x?.slice(0, 200)} → ${y?.slice(0, 200)}`);
    }
  }
  return found;
}

/**
 * Waits until the service has taken in everything on its topics (tree, handover, its own file log)
 * and relayed everything it wrote: what it stores is then stable, to be compared.
 */
export async function settled(
  kafka: Kafka,
  service: { relay: { idle(): Promise<void> } },
  suffix: string,
): Promise<void> {
  const group = (name: string) => `${name}.${suffix}`;
  await caughtUp(kafka, group('members.tree'), TOPICS.organisations);
  await caughtUp(kafka, group('members.admissions'), 'dangvien.recruitment.admissions.v1');
  await service.relay.idle();
  await caughtUp(kafka, group('members.files'), 'dangvien.members.files.v1');
}
