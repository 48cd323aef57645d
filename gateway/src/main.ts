import { ConfigError } from '@dangvien/config';
import { createLogger } from '@dangvien/logger';
import { readEnvironment } from './environment';
import { createGateway } from './gateway';

async function main() {
  const config = readEnvironment();
  const logger = createLogger({ name: 'gateway', level: config.LOG_LEVEL });
  const gateway = createGateway(config, { logger });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), 20_000).unref();
    await gateway.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await gateway.start();
}

main().catch((error: unknown) => {
  process.stderr.write(
    error instanceof ConfigError
      ? `${error.message}\n`
      : `gateway failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
