// Readiness probe for local.sh: polls until a server answers a real request. An open port is not
// enough: Kafka accepts connections about a second before its group coordinator can serve, and a
// consumer that joins in that second fails.
//
//   node probe.mjs kafka|mongo <host:port> <timeout-seconds> [pid]
//
// Exits 0 when ready, 1 on timeout, 2 as soon as <pid> is gone (the server died while starting).
// Plain JavaScript so that any Node 20+ runs it without a build; kafkajs and mongoose come from the
// repository's node_modules.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

// kafkajs 2.2.4 on Node 24 schedules a timer with a negative delay on every connection (tulios/kafkajs
// #1751); Node clamps it to 1 ms and warns. Harmless, and noise in local.sh's output.
const printWarning = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'TimeoutNegativeWarning') for (const listener of printWarning) listener(warning);
});

const [kind, address, timeoutArg = '60', pidArg] = process.argv.slice(2);
if (!['kafka', 'mongo'].includes(kind ?? '') || !address) {
  console.error('usage: node probe.mjs kafka|mongo <host:port> <timeout-seconds> [pid]');
  process.exit(64);
}
const deadline = Date.now() + Number(timeoutArg) * 1000;
const pid = pidArg ? Number(pidArg) : undefined;

// A zombie still answers kill(pid, 0), and some container inits never reap orphans.
function processGone(id) {
  try {
    process.kill(id, 0);
  } catch {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${id}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false; // no /proc (macOS): kill(pid, 0) is all we can tell
  }
}

async function kafkaAnswers() {
  const { Kafka, logLevel } = (await import('kafkajs')).default;
  const kafka = new Kafka({
    clientId: 'dangvien-local-probe',
    brokers: [address],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1000,
    requestTimeout: 3000,
    // local.sh passes the admin's credentials in the environment (the broker takes SASL only).
    ...(process.env.KAFKA_USERNAME
      ? {
          sasl: {
            mechanism: process.env.KAFKA_SASL_MECHANISM || 'scram-sha-512',
            username: process.env.KAFKA_USERNAME,
            password: process.env.KAFKA_PASSWORD,
          },
        }
      : {}),
  });
  return async () => {
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      // Finding a group coordinator needs __consumer_offsets created and loaded: the last thing a
      // fresh broker gets ready, and the first thing a consumer needs.
      await admin.describeGroups(['dangvien-local-probe']);
    } finally {
      await admin.disconnect().catch(() => {});
    }
  };
}

async function mongoAnswers() {
  const mongoose = (await import('mongoose')).default;
  return async () => {
    const connection = mongoose.createConnection(`mongodb://${address}/admin?directConnection=true`, {
      serverSelectionTimeoutMS: 1000,
    });
    try {
      await connection.asPromise();
      await connection.db.admin().ping();
    } finally {
      await connection.close().catch(() => {});
    }
  };
}

const attempt = kind === 'kafka' ? await kafkaAnswers() : await mongoAnswers();
let lastError;
while (Date.now() < deadline) {
  if (pid !== undefined && processGone(pid)) {
    console.error(`${kind}: the server process (pid ${pid}) exited while starting`);
    process.exit(2);
  }
  try {
    await attempt();
    process.exit(0);
  } catch (error) {
    lastError = error;
  }
  await sleep(200);
}
console.error(`${kind}: no answer from ${address}: ${lastError?.message ?? 'timeout'}`);
process.exit(1);
