import type { ServiceName, Topic } from './topics';
import {
  ADMISSIONS_TOPIC,
  MEMBER_FILES_TOPIC,
  SERVICES,
  TOPICS,
  TOPIC_DECLARATIONS,
  deadLetterTopic,
} from './topics';

/**
 * The topics each service's consumers read, declared once: the broker's ACLs are derived from it
 * (a service may read exactly these), and `test/e2e/kafka-access.unit.test.ts` checks that the
 * services' consumer definitions name no other topic.
 */
export const CONSUMED_TOPICS: Record<ServiceName, readonly Topic[]> = {
  // Its own topic: every replica refreshes its in-memory tree index from it; members: member counts.
  organisations: [TOPICS.organisations, TOPICS.members],
  members: [TOPICS.organisations, ADMISSIONS_TOPIC, MEMBER_FILES_TOPIC],
  recruitment: [TOPICS.organisations, TOPICS.members],
  // Members' figures, discipline and exemptions; recruitment's admission plans (quota and structure).
  emulation: [TOPICS.organisations, TOPICS.members, TOPICS.recruitment],
};

/**
 * Who connects to Kafka, one SASL/SCRAM user each: a user per service, `integrator` for external
 * readers, `admin` (a super user) for topic creation, `./dangvien dlt` and test setup. The brokers'
 * own user (inter-broker, controller) is infrastructure and is not listed here.
 */
export const INTEGRATOR_PRINCIPAL = 'integrator';
export const ADMIN_PRINCIPAL = 'admin';
export const KAFKA_PRINCIPALS = [...SERVICES, INTEGRATOR_PRINCIPAL, ADMIN_PRINCIPAL] as const;
export type KafkaPrincipal = (typeof KAFKA_PRINCIPALS)[number];

/**
 * Every consumer group of a principal starts with `<principal>.` (`organisations.member-counts`,
 * and with CONSUMER_GROUP_SUFFIX `organisations.member-counts.<suffix>`): the group ACL is on that
 * prefix, so a suffix never needs an ACL of its own.
 */
export function consumerGroupPrefix(principal: KafkaPrincipal): string {
  return `${principal}.`;
}

export type KafkaOperation = 'READ' | 'WRITE' | 'CREATE' | 'DESCRIBE' | 'DELETE';

/** One ALLOW rule: principal, resource (literal name or prefix) and the operations granted on it. */
export interface KafkaAcl {
  principal: KafkaPrincipal;
  resourceType: 'topic' | 'group';
  patternType: 'literal' | 'prefixed';
  resourceName: string;
  operations: readonly KafkaOperation[];
}

function serviceAcls(service: ServiceName): KafkaAcl[] {
  const topic = (resourceName: string, operations: KafkaOperation[]): KafkaAcl => ({
    principal: service,
    resourceType: 'topic',
    patternType: 'literal',
    resourceName,
    operations,
  });
  const owned = TOPIC_DECLARATIONS.filter((declaration) => declaration.owner === service);
  const ownedNames = new Set(owned.map((declaration) => declaration.name));
  const consumed = CONSUMED_TOPICS[service];
  return [
    // It creates its topics and their dead-letter topics at start, and is their only producer.
    ...owned.map((declaration) =>
      topic(
        declaration.name,
        consumed.includes(declaration.name as Topic)
          ? ['CREATE', 'WRITE', 'READ', 'DESCRIBE']
          : ['CREATE', 'WRITE', 'DESCRIBE'],
      ),
    ),
    // What it consumes, and the dead-letter topics its consumers set records aside on.
    ...consumed.filter((name) => !ownedNames.has(name)).map((name) => topic(name, ['READ', 'DESCRIBE'])),
    ...consumed
      .map(deadLetterTopic)
      .filter((name) => !ownedNames.has(name))
      .map((name) => topic(name, ['WRITE', 'DESCRIBE'])),
    // Its groups: join and commit (READ), list and describe, and delete its own (the organisations
    // tree refreshers remove their per-replica groups when they stop).
    {
      principal: service,
      resourceType: 'group',
      patternType: 'prefixed',
      resourceName: consumerGroupPrefix(service),
      operations: ['READ', 'DESCRIBE', 'DELETE'],
    },
  ];
}

/**
 * Integrators read the event topics that carry no personal data, with groups of their own prefix,
 * and write nowhere. Dead-letter topics are operations' business, not an integration surface.
 */
function integratorAcls(): KafkaAcl[] {
  return [
    ...TOPIC_DECLARATIONS.filter(
      (declaration) => declaration.kind === 'events' && !declaration.personalData && !declaration.sensitive,
    ).map((declaration): KafkaAcl => ({
      principal: INTEGRATOR_PRINCIPAL,
      resourceType: 'topic',
      patternType: 'literal',
      resourceName: declaration.name,
      operations: ['READ', 'DESCRIBE'],
    })),
    {
      principal: INTEGRATOR_PRINCIPAL,
      resourceType: 'group',
      patternType: 'prefixed',
      resourceName: consumerGroupPrefix(INTEGRATOR_PRINCIPAL),
      operations: ['READ', 'DESCRIBE'],
    },
  ];
}

/**
 * The ACLs of the cluster, derived from the topic declarations and CONSUMED_TOPICS. `admin` has none:
 * it is a super user of the broker. Anything not granted here is refused (no
 * `allow.everyone.if.no.acl.found`).
 */
export const KAFKA_ACLS: readonly KafkaAcl[] = [...SERVICES.flatMap(serviceAcls), ...integratorAcls()];
