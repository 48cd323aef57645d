// Makes the broker's ACLs exactly those of infra/docker/kafka/acls.txt (generated from
// @dangvien/contracts' KAFKA_ACLS by `npm run compose:docker`): creates what is missing, deletes
// ALLOW rules the list no longer has. Connects as the admin (KAFKA_USERNAME/KAFKA_PASSWORD).
//
//   node kafka-acls.mjs <host:port> <acls.txt>
//
// Plain JavaScript, like probe.mjs, so that local.sh needs no build; kafkajs comes from the
// repository's node_modules. Prints one line: how many rules were created and deleted.
import { readFileSync } from 'node:fs';

const printWarning = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'TimeoutNegativeWarning') for (const listener of printWarning) listener(warning);
});

const [address, file] = process.argv.slice(2);
if (!address || !file) {
  console.error('usage: node kafka-acls.mjs <host:port> <acls.txt>');
  process.exit(64);
}
const { Kafka, logLevel, AclResourceTypes, AclOperationTypes, AclPermissionTypes, ResourcePatternTypes } = (
  await import('kafkajs')
).default;

const resourceTypes = { topic: AclResourceTypes.TOPIC, group: AclResourceTypes.GROUP };
const patternTypes = { literal: ResourcePatternTypes.LITERAL, prefixed: ResourcePatternTypes.PREFIXED };

/** One binding per operation, as Kafka stores them. */
const wanted = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('acl '))
  .flatMap((line) => {
    const [, principal, type, pattern, name, operations] = line.trim().split(/\s+/);
    return operations.split(',').map((operation) => ({
      resourceType: resourceTypes[type],
      resourcePatternType: patternTypes[pattern],
      resourceName: name,
      principal: `User:${principal}`,
      host: '*',
      operation: AclOperationTypes[operation],
      permissionType: AclPermissionTypes.ALLOW,
    }));
  });
if (wanted.some((acl) => [acl.resourceType, acl.resourcePatternType, acl.operation].includes(undefined))) {
  console.error(`kafka-acls: ${file} has a line this script cannot read`);
  process.exit(65);
}

const key = (acl) =>
  [
    acl.resourceType,
    acl.resourcePatternType,
    acl.resourceName,
    acl.principal,
    acl.host,
    acl.operation,
    acl.permissionType,
  ].join('|');

const kafka = new Kafka({
  clientId: 'dangvien-local-acls',
  brokers: [address],
  logLevel: logLevel.NOTHING,
  sasl: {
    mechanism: process.env.KAFKA_SASL_MECHANISM || 'scram-sha-512',
    username: process.env.KAFKA_USERNAME,
    password: process.env.KAFKA_PASSWORD,
  },
});
const admin = kafka.admin();
await admin.connect();
try {
  const { resources } = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  });
  const existing = resources.flatMap(({ resourceType, resourceName, resourcePatternType, acls }) =>
    acls.map((acl) => ({ resourceType, resourceName, resourcePatternType, ...acl })),
  );
  const existingKeys = new Set(existing.map(key));
  const wantedKeys = new Set(wanted.map(key));
  const missing = wanted.filter((acl) => !existingKeys.has(key(acl)));
  const extra = existing.filter(
    (acl) => acl.permissionType === AclPermissionTypes.ALLOW && !wantedKeys.has(key(acl)),
  );
  if (extra.length > 0) await admin.deleteAcls({ filters: extra });
  if (missing.length > 0) await admin.createAcls({ acl: missing });
  console.log(
    `kafka: ACLs in place (${wanted.length} rules; ${missing.length} created, ${extra.length} deleted)`,
  );
} finally {
  await admin.disconnect();
}
