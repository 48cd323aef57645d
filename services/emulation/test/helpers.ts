import { randomUUID } from 'node:crypto';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { createEvent, EVENT_TYPES, ownedTopics, toKafkaRecord, TOPICS } from '@dangvien/contracts';
import type {
  EventEnvelope,
  MemberDisciplineForm,
  OrganisationLevel,
  StructureCategory,
} from '@dangvien/contracts';
import { toGlobalId } from '@dangvien/graphql';
import { createLogger } from '@dangvien/logger';
import { ensureTopics } from '@dangvien/kafka';
import { createTestKafka, testKafkaEnvironment, testDatabase, waitFor } from '@dangvien/testing';
import type { TestDatabase } from '@dangvien/testing';
import { readEnvironment } from '../src/environment';
import { createEmulationService } from '../src/service';
import type { EmulationService } from '../src/service';

/** An emulation service on a free port with its own database and consumer groups, on the real servers. */
export function startTestService(database: TestDatabase = testDatabase('emulation')) {
  const config = readEnvironment({
    // development: the service trusts the unsigned identity header the tests send.
    NODE_ENV: 'development',
    PORT: '0',
    MONGO_URL: database.url,
    MONGO_DB: database.name,
    ...testKafkaEnvironment('emulation'),
    CONSUMER_GROUP_SUFFIX: `test-${randomUUID()}`,
    SEED_DEMO: 'false',
    OUTBOX_SWEEP_INTERVAL_MS: '1000',
  });
  const service = createEmulationService(config, {
    logger: createLogger({ name: 'emulation-test', level: process.env.TEST_LOG_LEVEL ?? 'fatal' }),
  });
  return { service, database };
}

/**
 * What each integration test of the service starts with: the topics it consumes, a producer for the
 * events the other services would publish, and the service started on its own database.
 */
export async function startWithBroker(clientId: string) {
  const kafka = createTestKafka(clientId);
  await ensureTopics(kafka, [
    ...ownedTopics('organisations'),
    ...ownedTopics('members'),
    ...ownedTopics('recruitment'),
  ]);
  const producer = kafka.producer();
  await producer.connect();
  const live = startTestService();
  await live.service.start();
  return { kafka, producer, live, service: live.service, url: live.service.url };
}

export const ADMIN = {
  subject: 'test-admin',
  role: 'PROVINCIAL_ADMIN',
  organisationId: null,
  memberId: null,
  scopes: [],
};

/** Posts an operation as `identity` (the header the gateway forwards). */
export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  identity: object = ADMIN,
): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dangvien-identity': JSON.stringify(identity) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as never;
}

/** Data of an operation that must not fail. */
export async function ok<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
) {
  const result = await gql<T>(url, query, variables);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!;
}

export const orgGid = (id: string) => toGlobalId('Organisation', id);
export const memberGid = (id: string) => toGlobalId('Member', id);

/** Builds a test's own events: unique ids, per-aggregate sequences. */
export class Events {
  readonly all: EventEnvelope[] = [];
  private readonly sequences = new Map<string, number>();
  private readonly paths = new Map<string, string[]>();

  private next(subject: string): number {
    const n = (this.sequences.get(subject) ?? 0) + 1;
    this.sequences.set(subject, n);
    return n;
  }

  organisation(
    code: string,
    level: OrganisationLevel,
    parentId: string | null,
    effectiveDate = '2020-01-01',
  ): string {
    const id = randomUUID();
    const path = parentId ? [...this.paths.get(parentId)!, parentId] : [];
    this.paths.set(id, path);
    this.all.push(
      createEvent(EVENT_TYPES.OrganisationCreated, id, this.next(id), {
        organisationId: id,
        code,
        name: `Unit ${code}`,
        level,
        sector: 'RESIDENTIAL',
        parentId,
        path,
        enterprise: null,
        predecessorIds: [],
        effectiveDate,
        decision: null,
      }),
    );
    return id;
  }

  admitted(organisationId: string, decisionDate: string, ceremonyDate: string | null = null): string {
    const memberId = randomUUID();
    this.all.push(
      createEvent(EVENT_TYPES.MemberAdmitted, memberId, this.next(memberId), {
        memberId,
        organisationId,
        decisionDate,
        ceremonyDate,
      }),
    );
    return memberId;
  }

  members(organisationId: string, count: number, decisionDate = '2020-03-01'): string[] {
    return Array.from({ length: count }, () => this.admitted(organisationId, decisionDate));
  }

  recognised(memberId: string, organisationId: string, officialDate: string): void {
    this.all.push(
      createEvent(EVENT_TYPES.MemberRecognisedOfficial, memberId, this.next(memberId), {
        memberId,
        organisationId,
        officialDate,
      }),
    );
  }

  /** An existing member entered from a list (an import), placed in `organisationId` since `memberSince`. */
  registered(organisationId: string, memberSince: string): string {
    const memberId = randomUUID();
    this.all.push(
      createEvent(EVENT_TYPES.MemberRegistered, memberId, this.next(memberId), {
        memberId,
        organisationId,
        status: 'OFFICIAL',
        decisionDate: '2010-05-01',
        ceremonyDate: '2010-05-19',
        officialDate: '2011-05-19',
        memberSince,
        source: 'IMPORT',
      }),
    );
    return memberId;
  }

  disciplined(memberId: string, organisationId: string, form: MemberDisciplineForm, effectiveDate: string) {
    this.all.push(
      createEvent(EVENT_TYPES.MemberDisciplined, memberId, this.next(memberId), {
        memberId,
        organisationId,
        form,
        effectiveDate,
        decision: null,
      }),
    );
  }

  exempted(memberId: string, organisationId: string, effectiveDate: string, until: string | null = null) {
    this.all.push(
      createEvent(EVENT_TYPES.MemberExempted, memberId, this.next(memberId), {
        memberId,
        organisationId,
        effectiveDate,
        until,
      }),
    );
  }

  exemptionEnded(memberId: string, organisationId: string, effectiveDate: string) {
    this.all.push(
      createEvent(EVENT_TYPES.MemberExemptionEnded, memberId, this.next(memberId), {
        memberId,
        organisationId,
        effectiveDate,
      }),
    );
  }

  /** A plan adopted for a unit and year; returns its id. */
  plan(
    organisationId: string,
    year: number,
    quota: number,
    targets: Partial<Record<StructureCategory, number>>,
    planId: string = randomUUID(),
    revision = 1,
  ): string {
    this.all.push(
      createEvent(EVENT_TYPES.AdmissionPlanAdopted, planId, this.next(planId), {
        planId,
        organisationId,
        year,
        setByOrganisationId: organisationId,
        revision,
        quota,
        targets: Object.entries(targets).map(([category, count]) => ({
          category: category as StructureCategory,
          count: count!,
        })),
        effectiveDate: `${year}-01-15`,
        decision: null,
        reason: revision > 1 ? 'Revised' : null,
      }),
    );
    return planId;
  }

  /** The admissions recruitment counted against a plan, per category (targets as the plan sets them). */
  progress(
    planId: string,
    organisationId: string,
    year: number,
    quota: number,
    admitted: number,
    byCategory: Partial<Record<StructureCategory, [target: number, admitted: number]>>,
    asOf: string,
  ) {
    this.all.push(
      createEvent(EVENT_TYPES.AdmissionPlanProgressChanged, planId, this.next(planId), {
        planId,
        organisationId,
        year,
        quota,
        admitted,
        byCategory: Object.entries(byCategory).map(([category, [target, count]]) => ({
          category: category as StructureCategory,
          target,
          admitted: count,
        })),
        asOf,
      }),
    );
  }

  /** `sourceIds` merged into the existing `targetId` on `effectiveDate`: each dissolved into it. */
  merged(sourceIds: string[], targetId: string, effectiveDate: string): void {
    const reorganisationId = randomUUID();
    this.all.push(
      createEvent(EVENT_TYPES.OrganisationsMerged, targetId, this.next(targetId), {
        organisationId: targetId,
        mergedIds: sourceIds,
        targetCreated: false,
        reorganisationId,
        effectiveDate,
        decision: null,
      }),
    );
    for (const sourceId of sourceIds) {
      this.all.push(
        createEvent(EVENT_TYPES.OrganisationDissolved, sourceId, this.next(sourceId), {
          organisationId: sourceId,
          reason: null,
          cause: 'MERGED',
          successorIds: [targetId],
          effectiveDate,
          decision: null,
        }),
      );
    }
  }

  expelled(memberId: string, organisationId: string, effectiveDate: string): void {
    this.all.push(
      createEvent(EVENT_TYPES.MemberLeft, memberId, this.next(memberId), {
        memberId,
        organisationId,
        reason: 'EXPELLED',
        effectiveDate,
      }),
    );
  }
}

const topicOf = (event: EventEnvelope) =>
  event.type.startsWith('dangvien.organisations.')
    ? TOPICS.organisations
    : event.type.startsWith('dangvien.recruitment.')
      ? TOPICS.recruitment
      : TOPICS.members;

/** The topic each of the service's consumers reads, by its name. */
const consumerTopic = (name: string) =>
  name.startsWith('emulation.tree')
    ? TOPICS.organisations
    : name.startsWith('emulation.plans')
      ? TOPICS.recruitment
      : TOPICS.members;

export async function publish(producer: Producer, events: readonly EventEnvelope[]): Promise<void> {
  for (const topic of [TOPICS.organisations, TOPICS.members, TOPICS.recruitment]) {
    const messages = events.filter((e) => topicOf(e) === topic).map((e) => toKafkaRecord(e));
    if (messages.length > 0) await producer.send({ topic, messages });
  }
}

/** Waits until every consumer of the service has committed up to the end of its topics. */
export async function caughtUp(kafka: Kafka, service: EmulationService, timeoutMs = 60_000): Promise<void> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(
      async () => {
        for (const consumer of service.consumers) {
          const topic = consumerTopic(consumer.name);
          const [ends, committed] = await Promise.all([
            admin.fetchTopicOffsets(topic),
            admin.fetchOffsets({ groupId: consumer.name, topics: [topic] }),
          ]);
          const at = new Map(committed[0]!.partitions.map((p) => [p.partition, Number(p.offset)]));
          if (ends.some((end) => Number(end.high) > 0 && (at.get(end.partition) ?? -1) < Number(end.high)))
            return false;
        }
        return true;
      },
      { timeoutMs, intervalMs: 250, description: 'the consumers at the end of their topics' },
    );
  } finally {
    await admin.disconnect();
  }
}
