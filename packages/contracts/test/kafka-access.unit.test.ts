import {
  ADMIN_PRINCIPAL,
  CONSUMED_TOPICS,
  INTEGRATOR_PRINCIPAL,
  KAFKA_ACLS,
  KAFKA_PRINCIPALS,
  SERVICES,
  TOPIC_DECLARATIONS,
  consumerGroupPrefix,
  deadLetterTopic,
  topicDeclaration,
} from '../src';

const topicAcls = (principal: string) =>
  KAFKA_ACLS.filter((acl) => acl.principal === principal && acl.resourceType === 'topic');
const granted = (principal: string, operation: string) =>
  topicAcls(principal)
    .filter((acl) => acl.operations.includes(operation as never))
    .map((acl) => acl.resourceName)
    .sort();

describe('Kafka principals and ACLs', () => {
  it('has a principal per service, the integrator and the admin', () => {
    expect(KAFKA_PRINCIPALS).toEqual([...SERVICES, INTEGRATOR_PRINCIPAL, ADMIN_PRINCIPAL]);
  });

  it('names only declared topics, literally, and groups by prefix only', () => {
    for (const acl of KAFKA_ACLS) {
      if (acl.resourceType === 'topic') {
        expect(topicDeclaration(acl.resourceName)).toBeDefined();
        expect(acl.patternType).toBe('literal');
      } else {
        expect(acl).toMatchObject({
          patternType: 'prefixed',
          resourceName: consumerGroupPrefix(acl.principal),
        });
      }
    }
  });

  it('lets the integrator read only event topics without personal data, and write nowhere', () => {
    const open = TOPIC_DECLARATIONS.filter((t) => t.kind === 'events' && !t.personalData && !t.sensitive);
    expect(open.map((t) => t.name)).toEqual(['dangvien.organisations.events.v1']);
    expect(granted(INTEGRATOR_PRINCIPAL, 'READ')).toEqual(open.map((t) => t.name).sort());
    for (const acl of KAFKA_ACLS.filter((a) => a.principal === INTEGRATOR_PRINCIPAL)) {
      expect(acl.operations.filter((op) => op !== 'READ' && op !== 'DESCRIBE')).toEqual([]);
    }
  });

  it('lets a service write its own topics and the dead-letter topics of what it consumes, nothing else', () => {
    for (const service of SERVICES) {
      const own = TOPIC_DECLARATIONS.filter((t) => t.owner === service).map((t) => t.name);
      const deadLetters = CONSUMED_TOPICS[service].map(deadLetterTopic);
      expect(granted(service, 'WRITE')).toEqual([...new Set([...own, ...deadLetters])].sort());
      expect(granted(service, 'CREATE')).toEqual([...own].sort());
      expect(granted(service, 'READ')).toEqual([...CONSUMED_TOPICS[service]].sort());
    }
  });

  it('keeps the sensitive topics to their owner and the members service', () => {
    for (const topic of TOPIC_DECLARATIONS.filter((t) => t.sensitive && t.kind === 'events')) {
      const readers = KAFKA_ACLS.filter(
        (acl) => acl.resourceName === topic.name && acl.operations.includes('READ'),
      ).map((acl) => acl.principal);
      expect(readers).toEqual(['members']);
    }
  });

  it('gives the admin no ACL: it is a super user of the broker', () => {
    expect(KAFKA_ACLS.filter((acl) => acl.principal === ADMIN_PRINCIPAL)).toEqual([]);
  });
});
