import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { createEvent, EVENT_TYPES, ownedTopics, toKafkaRecord, EVENT_TOPIC } from '@dangvien/contracts';
import type { EventEnvelope } from '@dangvien/contracts';
import { ensureTopics } from '@dangvien/kafka';
import { createLogger } from '@dangvien/logger';
import { createTestKafka, graphql, testKafkaEnvironment, testDatabase } from '@dangvien/testing';
import type { RuleBook } from '../src/domain/admission-rules';
import { readEnvironment } from '../src/environment';
import { createRecruitmentService } from '../src/service';

export const logger = createLogger({
  name: 'recruitment-test',
  level: process.env.TEST_LOG_LEVEL ?? 'fatal',
});

/** A recruitment service on a free port with its own database, against the real servers. */
export function startTestService(
  options: { name?: string; rules?: RuleBook; env?: Record<string, string> } = {},
) {
  const database = testDatabase(options.name ?? 'recruitment');
  const config = readEnvironment({
    NODE_ENV: 'development',
    PORT: '0',
    MONGO_URL: database.url,
    MONGO_DB: database.name,
    ...testKafkaEnvironment('recruitment'),
    CONSUMER_GROUP_SUFFIX: `test-${randomUUID()}`,
    SEED_DEMO: 'false',
    OUTBOX_SWEEP_INTERVAL_MS: '1000',
    WARNING_SWEEP_INTERVAL_MS: '600000',
    ...options.env,
  });
  const service = createRecruitmentService(config, {
    logger,
    ...(options.rules ? { rules: options.rules } : {}),
  });
  return { service, parts: service.parts, database };
}

/** Publishes events on their topics as their owning services would (the test plays organisations and members). */
export async function createPublisher() {
  const kafka = createTestKafka(`recruitment-test-${randomUUID().slice(0, 8)}`);
  await ensureTopics(kafka, [...ownedTopics('organisations'), ...ownedTopics('members')]);
  const producer: Producer = kafka.producer();
  await producer.connect();
  return {
    kafka,
    async publish(events: readonly EventEnvelope[]) {
      for (const event of events) {
        await producer.send({ topic: EVENT_TOPIC[event.type], messages: [toKafkaRecord(event)] });
      }
    },
    stop: () => producer.disconnect(),
  };
}

const NO_DECISION = { effectiveDate: '2020-01-01', decision: null };

/** Organisation events of a small tree of the test's own: province P → commune C → cells A (CELL), G (GRASSROOTS_CELL); village V of C. */
export function treeEvents() {
  const ids = { P: randomUUID(), C: randomUUID(), A: randomUUID(), G: randomUUID(), V: randomUUID() };
  const tag = ids.P.slice(0, 8).toUpperCase();
  const created = (id: string, code: string, level: string, parentId: string | null, path: string[]) =>
    createEvent(EVENT_TYPES.OrganisationCreated, id, 1, {
      organisationId: id,
      code: `${tag}.${code}`,
      name: `Tổ chức ${code}`,
      level: level as never,
      sector: level === 'PROVINCE' ? 'STATE_AGENCY' : 'RESIDENTIAL',
      parentId,
      path,
      enterprise: null,
      predecessorIds: [],
      ...NO_DECISION,
    });
  const events: EventEnvelope[] = [
    created(ids.P, 'P', 'PROVINCE', null, []),
    created(ids.C, 'C', 'COMMUNE', ids.P, [ids.P]),
    created(ids.A, 'A', 'CELL', ids.C, [ids.P, ids.C]),
    created(ids.G, 'G', 'GRASSROOTS_CELL', ids.C, [ids.P, ids.C]),
    createEvent(EVENT_TYPES.LocalityRegistered, ids.V, 1, {
      localityId: ids.V,
      code: `${tag}.V`,
      name: 'Xóm Đồng Cả',
      kind: 'HAMLET',
      communeId: ids.C,
      ...NO_DECISION,
    }),
    createEvent(EVENT_TYPES.LocalityHeadAppointed, ids.V, 2, {
      localityId: ids.V,
      headName: 'Lý Văn Hùng',
      memberId: null,
      termStart: '2022-01-01',
      termEnd: null,
    }),
  ];
  return { ids, events };
}

/** A member admitted to `cell` on `since` and official a year later, as the members service publishes it. */
export function memberEvents(cell: string, since: string, officialFrom: string) {
  const id = randomUUID();
  return {
    id,
    events: [
      createEvent(EVENT_TYPES.MemberAdmitted, id, 1, {
        memberId: id,
        organisationId: cell,
        decisionDate: since,
        ceremonyDate: since,
      }),
      createEvent(EVENT_TYPES.MemberRecognisedOfficial, id, 2, {
        memberId: id,
        organisationId: cell,
        officialDate: officialFrom,
      }),
    ],
  };
}

export function transferEvent(
  memberId: string,
  sequence: number,
  from: string,
  to: string,
  kind: 'PERMANENT' | 'TEMPORARY',
  date: string,
) {
  return createEvent(EVENT_TYPES.MemberTransferred, memberId, sequence, {
    memberId,
    fromOrganisationId: from,
    toOrganisationId: to,
    kind,
    status: 'OFFICIAL',
    effectiveDate: date,
  });
}

export interface Payload {
  userErrors: { code: string; field: string[] | null; message: string; legalReference: string | null }[];
  [field: string]: unknown;
}

/** Runs mutation `name(input:)` and returns its payload (no GraphQL error allowed). */
export async function mutate(
  url: string,
  name: string,
  input: Record<string, unknown>,
  fields = 'candidate { id stage }',
): Promise<Payload> {
  const inputType =
    {
      recordApplication: 'StepInput',
      recordPersonalHistory: 'StepInput',
      recordVerification: 'StepInput',
      recogniseOfficialMember: 'StepInput',
      recordRecognitionVote: 'RecordCellVoteInput',
      recordCellResolution: 'RecordCellVoteInput',
      removeProbationaryMember: 'DatedReasonInput',
      withdrawCandidate: 'DatedReasonInput',
      rejectCandidate: 'DatedReasonInput',
    }[name] ?? `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  const response = await graphql<Record<string, Payload>>(
    url,
    `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${fields} userErrors { code field message legalReference } } }`,
    { input },
  );
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data![name]!;
}

/**
 * What only the consumers of other services' topics write: other test files' events reach them at
 * any moment, and a command (refused or not) never writes them.
 */
const PROJECTIONS = new Set(['organisation_nodes', 'locality_nodes', 'member_facts', 'processed_events']);

/**
 * Every document of every collection, sorted by id: what "changes nothing" is checked against.
 * Waits until the warning sweep has settled and the relay has sent and cleaned up every outbox, so
 * that neither changes a document between two snapshots. `commandsOnly` leaves out the projections,
 * for checks that a command changed nothing; `organisations` then keeps only the warnings of those
 * units (the sweep also raises warnings on the trees other test files publish, at any moment).
 */
export async function snapshot(
  service: ReturnType<typeof startTestService>['service'],
  options: { commandsOnly?: boolean; organisations?: readonly string[] } = {},
) {
  await service.parts.sweep.settle();
  await service.relay.idle();
  const db = service.runtime.database.connection.db!;
  const names = (await db.listCollections().toArray())
    .map((c) => c.name)
    .filter((name) => !options.commandsOnly || !PROJECTIONS.has(name))
    .sort();
  const own = options.organisations && new Set(options.organisations);
  const all: Record<string, unknown[]> = {};
  for (const name of names) {
    const documents = await db.collection(name).find({}).toArray();
    all[name] = documents
      .filter((d) => !own || name !== 'warnings' || own.has(String(d.organisationId)))
      .sort((a, b) => String(a._id).localeCompare(String(b._id)));
  }
  return all;
}

export const PERSON = {
  fullName: 'Hoàng Thị Mai',
  sex: 'FEMALE',
  dateOfBirth: '2001-03-14',
  ethnicityCode: '02',
  religion: null,
  citizenId: '019301000123',
  birthplace: 'Xã Tân Linh, Đại Từ, Thái Nguyên',
  generalEducation: '12/12',
};
