import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { logLevel } from 'kafkajs';
import type { ISocketFactory, SASLOptions } from 'kafkajs';
import { createKafkaClient, saslOptions } from '@dangvien/kafka';
import mongoose from 'mongoose';
import { testKafkaCredentials } from './kafka';
import { mongoUrl } from './mongo';
import { waitFor } from './wait-for';

/**
 * A server one test owns, so that it can take it away without disturbing the test files running
 * next to it on the shared servers. Where this machine has the local servers' binaries (infra/local:
 * the FerretDB binary, the Kafka jars) it is a real process of its own that `stop()` really stops;
 * elsewhere (Docker, servers from the environment) it is a TCP proxy in front of the shared server
 * that `stop()` closes, refusing and cutting every connection — the same outage as the client sees it.
 */
export interface PrivateServer {
  /** `mongodb://…` for a database, `host:port` for a broker. */
  readonly address: string;
  /** What `stop()` does, for test names. */
  readonly how: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its data. */
  close(): Promise<void>;
}

const LOCAL_DIR = process.env.DANGVIEN_LOCAL_DIR ?? path.resolve(__dirname, '../../../.local');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A child process started and stopped on demand, with its output kept for error messages. */
function processOf(command: string, args: string[], name: string) {
  let child: ChildProcess | null = null;
  let output = '';
  return {
    output: () => output.slice(-4_000),
    /** Starts it, unless it runs already (a second process would only fight the first for its port). */
    start() {
      if (child !== null && child.exitCode === null) return;
      output = '';
      child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      // Never outlive the test process, whatever the test did.
      const started = child;
      const killOnExit = () => started.kill('SIGKILL');
      process.once('exit', killOnExit);
      started.once('exit', () => process.removeListener('exit', killOnExit));
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    },
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      const timer = setTimeout(() => running.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
    alive: () => child !== null && child.exitCode === null,
    toString: () => name,
  };
}

/** A TCP proxy to `target`: `stop()` refuses new connections and cuts the open ones. */
async function proxyTo(target: { host: string; port: number }) {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const listen = async () => {
    server = createServer((client) => {
      const upstream = connect(target);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
  };
  await listen();
  return {
    port,
    async stop() {
      const closing = server;
      server = null;
      for (const socket of sockets) socket.destroy();
      if (closing) await new Promise((resolve) => closing.close(resolve));
    },
    start: listen,
  };
}

async function databaseAnswers(url: string): Promise<boolean> {
  const connection = mongoose.createConnection(url, { serverSelectionTimeoutMS: 1_000 });
  try {
    await connection.asPromise();
    await connection.db!.admin().ping();
    return true;
  } catch {
    return false;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** A MongoDB-compatible database of the test's own (see PrivateServer). */
export async function startPrivateDatabase(): Promise<PrivateServer> {
  const binary = path.join(LOCAL_DIR, 'ferretdb', 'ferretdb');
  if (!existsSync(binary)) {
    const shared = new URL(mongoUrl().replace(/^mongodb(\+srv)?:/, 'http:'));
    const proxy = await proxyTo({ host: shared.hostname, port: Number(shared.port || 27017) });
    return {
      address: `mongodb://127.0.0.1:${proxy.port}/?directConnection=true`,
      how: 'a proxy to the shared database, closed and reopened',
      stop: proxy.stop,
      start: proxy.start,
      close: proxy.stop,
    };
  }
  const port = await freePort();
  const data = mkdtempSync(path.join(tmpdir(), 'dangvien-private-db-'));
  const address = `mongodb://127.0.0.1:${port}/?directConnection=true`;
  const server = processOf(
    binary,
    ['-listen', `127.0.0.1:${port}`, '-data', data, '-handler', 'sqlite'],
    'ferretdb',
  );
  const start = async () => {
    if (server.alive()) return;
    server.start();
    await waitFor(async () => server.alive() && (await databaseAnswers(address)), {
      timeoutMs: 20_000,
      description: `a private FerretDB on ${port}`,
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${server.output()}`);
    });
  };
  await start();
  return {
    address,
    how: 'its own FerretDB process, stopped and started again',
    start,
    stop: () => server.stop(),
    async close() {
      await server.stop();
      rmSync(data, { recursive: true, force: true });
    },
  };
}

async function brokerAnswers(brokers: string): Promise<boolean> {
  const kafka = createKafkaClient({
    clientId: 'private-broker-probe',
    brokers: [brokers],
    overrides: { logLevel: logLevel.NOTHING, retry: { retries: 0 } },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    // Ready means the group coordinator answers, not merely that the port is open (the metadata
    // read first: kafkajs knows no broker to ask for the coordinator before it).
    await admin.describeCluster();
    await admin.describeGroups(['private-broker-probe']);
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export interface PrivateBroker extends PrivateServer {
  /**
   * kafkajs settings the client under test must use: none for a broker process of its own (a
   * plaintext broker nobody else reaches, on a port of its own); the socket factory and the shared
   * broker's admin credentials otherwise.
   */
  kafkaOverrides: { socketFactory?: ISocketFactory; sasl?: SASLOptions };
}

/**
 * A Kafka broker of the test's own (see PrivateServer): a single-node KRaft broker from the local
 * jars, or, where there are none, the shared broker behind sockets that `stop()` cuts. (A proxy
 * cannot stand in for Kafka: clients reconnect to the address the broker advertises.)
 */
export async function startPrivateBroker(): Promise<PrivateBroker> {
  const libs = path.join(LOCAL_DIR, 'kafka', 'libs');
  if (!existsSync(libs)) return socketCutBroker();
  const port = await freePort();
  let controller = await freePort();
  while (controller === port) controller = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'dangvien-private-kafka-'));
  const config = path.join(dir, 'server.properties');
  const log4j = path.join(dir, 'log4j2.properties');
  writeFileSync(
    log4j,
    'status = warn\nappender.console.type = Console\nappender.console.name = STDOUT\nappender.console.layout.type = PatternLayout\nappender.console.layout.pattern = [%d] %p %m (%c)%n\nrootLogger.level = WARN\nrootLogger.appenderRef.console.ref = STDOUT\n',
  );
  writeFileSync(
    config,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controller}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      `log.dirs=${path.join(dir, 'data')}`,
      'offsets.topic.replication.factor=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'auto.create.topics.enable=true',
      'num.partitions=3',
      '',
    ].join('\n'),
  );
  const java = ['-Xms128m', '-Xmx384m', `-Dlog4j2.configurationFile=${log4j}`, '-cp', `${libs}/*`];
  const format = processOf(
    'java',
    [...java, 'kafka.tools.StorageTool', 'format', '-t', 'cHJpdmF0ZS1icm9rZXIxMQ', '-c', config],
    'kafka-storage',
  );
  format.start();
  await waitFor(() => !format.alive(), { timeoutMs: 60_000, description: 'formatting the private broker' });
  if (!existsSync(path.join(dir, 'data', 'meta.properties'))) {
    throw new Error(`formatting the private broker's storage failed:\n${format.output()}`);
  }
  const broker = processOf('java', [...java, 'kafka.Kafka', config], 'kafka');
  const address = `127.0.0.1:${port}`;
  const start = async () => {
    if (broker.alive()) return;
    broker.start();
    await waitFor(async () => broker.alive() && (await brokerAnswers(address)), {
      timeoutMs: 90_000,
      intervalMs: 250,
      description: `a private Kafka broker on ${port}`,
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${broker.output()}`);
    });
  };
  await start();
  return {
    address,
    how: 'its own broker process, stopped and started again',
    kafkaOverrides: {},
    start,
    stop: () => broker.stop(),
    async close() {
      await broker.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function socketCutBroker(): PrivateBroker {
  let cut = false;
  const sockets = new Set<Socket>();
  const socketFactory: ISocketFactory = ({ host, port, onConnect }) => {
    // While cut, connect to a port nothing listens on, so the client sees a refused connection.
    const socket = connect({ host: cut ? '127.0.0.1' : host, port: cut ? 9 : port }, onConnect);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    return socket;
  };
  const credentials = testKafkaCredentials();
  return {
    address: process.env.KAFKA_BROKERS ?? '',
    how: "the shared broker's sockets cut and restored (no local jars to run a broker of its own)",
    kafkaOverrides: { socketFactory, ...(credentials ? { sasl: saslOptions(credentials) } : {}) },
    async stop() {
      cut = true;
      for (const socket of sockets) socket.destroy();
    },
    async start() {
      cut = false;
    },
    async close() {
      cut = false;
    },
  };
}
