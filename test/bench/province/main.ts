import { env, parseEnvironment, z } from '@dangvien/config';
import { startLoadedProvince } from './system';

const settingsSchema = z.object({
  MONGO_URL: env.mongoUrl().default('mongodb://127.0.0.1:27017/?directConnection=true'),
  KAFKA_BROKERS: env.brokers(),
  PROVINCE_SCALE: z.coerce.number().positive().max(57).default(1),
  PROVINCE_SEED: z.coerce.number().int().default(2026),
  /** Keep the databases (dangvien_test_province_*) for a look afterwards. */
  PROVINCE_KEEP: env.boolean(false),
});

/**
 * `npm run province`: generates the province, loads it through the public paths into every service
 * started here, checks the counts through the gateway, stops. Exit code 1 when a count differs.
 */
export async function main(): Promise<number> {
  const settings = parseEnvironment(settingsSchema, process.env);
  const run = await startLoadedProvince({ scale: settings.PROVINCE_SCALE, seed: settings.PROVINCE_SEED });
  await run.system.stop();
  if (!settings.PROVINCE_KEEP) await run.system.drop();
  const differs = run.counts.filter((r) => r.expected !== r.actual);
  process.stdout.write(
    differs.length === 0
      ? `PASS: every count through the gateway equals the generator's (load ${run.loadSeconds.toFixed(0)} s, target < 300 s at scale 1)\n`
      : `FAIL: ${differs.map((r) => r.figure).join(', ')} differ\n`,
  );
  return differs.length === 0 ? 0 : 1;
}
