import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import type { ISocketFactory } from 'kafkajs';

export interface BrokerOutage {
  /** kafkajs settings the system under test must use (empty when the real broker is stopped). */
  kafkaOverrides: { socketFactory?: ISocketFactory };
  how: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

const LOCAL_SCRIPT = join(__dirname, '..', '..', 'infra', 'local', 'local.sh');

function run(args: string[]) {
  const result = spawnSync('bash', [LOCAL_SCRIPT, ...args], { stdio: 'inherit', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`local.sh ${args.join(' ')} failed with ${result.status}`);
}

/**
 * Takes the broker away from the system under test. With the local servers (CI, this machine) the
 * broker process is really stopped and started again. With a broker we do not own (env or Docker)
 * the client's sockets are cut and refused instead — the same outage as seen from the service.
 */
export function brokerOutage(): BrokerOutage {
  if (process.env.DANGVIEN_KAFKA_SOURCE === 'local') {
    return {
      kafkaOverrides: {},
      how: 'local broker process stopped and restarted',
      async stop() {
        run(['down', 'kafka']);
      },
      async start() {
        run(['up', 'kafka']);
      },
    };
  }
  let cut = false;
  const sockets = new Set<Socket>();
  const socketFactory: ISocketFactory = ({ host, port, onConnect }) => {
    // While cut, connect to a port nothing listens on, so the client sees a refused connection.
    const socket = connect({ host: cut ? '127.0.0.1' : host, port: cut ? 9 : port }, onConnect);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    return socket;
  };
  return {
    kafkaOverrides: { socketFactory },
    how: 'network to the broker cut and restored (broker not owned by the tests)',
    async stop() {
      cut = true;
      for (const socket of sockets) socket.destroy();
    },
    async start() {
      cut = false;
    },
  };
}
