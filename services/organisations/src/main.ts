import { ConfigError } from '@dangvien/config';
import { createLogger } from '@dangvien/logger';
import { readEnvironment } from './environment';
import { createOrganisationsService } from './service';

async function main() {
  const config = readEnvironment();
  const logger = createLogger({ name: 'organisations', level: config.LOG_LEVEL });
  const service = createOrganisationsService(config, { logger });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 20_000).unref();
    await service.stop();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await service.start();
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `organisations failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  }
  process.exit(1);
});
