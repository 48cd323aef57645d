import { createIdentitySigner, IDENTITY_HEADER } from '@dangvien/auth';
import { TOPIC_DECLARATIONS } from '@dangvien/contracts';
import { todayInVietnam } from '@dangvien/domain';
import { ensureTopics } from '@dangvien/kafka';
import { createTestKafka, waitFor } from '@dangvien/testing';
import { membersTreeHolds, startSystem } from '../../e2e/harness';
import type { System } from '../../e2e/harness';
import { countThroughGateway, formatCounts } from './check';
import type { CountRow } from './check';
import { gatewayClient } from './client';
import type { Client } from './client';
import { generateProvince } from './generate';
import type { SyntheticProvince } from './generate';
import { loadProvince } from './load';
import type { LoadedProvince } from './load';

/** The identity the gateway signs for the bench's token, valid for an hour: subgraphs called directly take it. */
export async function benchIdentityHeaders(system: System): Promise<Record<string, string>> {
  const signer = await createIdentitySigner(system.keys.signingKey, { ttlSeconds: 3_600 });
  const identity = {
    subject: 'bench',
    role: 'PROVINCIAL_ADMIN' as const,
    organisationId: null,
    memberId: null,
    scopes: ['sensitive:read'],
  };
  return { [IDENTITY_HEADER]: await signer.sign(identity) };
}

export interface LoadedSystem {
  system: System;
  province: SyntheticProvince;
  loaded: LoadedProvince;
  /** PROVINCIAL_ADMIN with the sensitive scope, valid for two hours. */
  token: string;
  client: Client;
  counts: CountRow[];
  loadSeconds: number;
}

/**
 * Every service and the gateway in this process (the e2e harness: production mode, this run's own
 * keys and databases), the province loaded into them through the gateway, and the counts the
 * gateway then answers compared with the generator's, waited for while events are still arriving.
 */
export async function startLoadedProvince(options: {
  scale: number;
  seed: number;
  /** Turn on the driver's command monitoring on every service's connection (round-trip counts). */
  monitorCommands?: boolean;
}): Promise<LoadedSystem> {
  const started = Date.now();
  const url = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/?directConnection=true';
  if (options.monitorCommands && !url.includes('monitorCommands'))
    process.env.MONGO_URL = `${url}${url.includes('?') ? '&' : '?'}monitorCommands=true`;
  // As `./dangvien start` and the test setup do: every declared topic exists before a service starts.
  // With the broker's credentials (SASL) where it has them, as the test setup does.
  await ensureTopics(createTestKafka('bench-setup'), TOPIC_DECLARATIONS);
  const system = await startSystem('province');
  try {
    const today = todayInVietnam();
    const province = generateProvince({ seed: options.seed, scale: options.scale, today });
    const token = await system.keys.token(
      { role: 'PROVINCIAL_ADMIN', scope: 'sensitive:read', sub: 'bench' },
      { expiresIn: 7_200 },
    );
    const client = gatewayClient(system.gateway.url, token);
    process.stdout.write(
      `Province (seed ${options.seed}, scale ${options.scale}): ${province.units.length} organisations, ` +
        `${province.localities.length} localities, ${province.memberCount} members, ${province.candidateCount} candidates\n`,
    );
    const loaded = await loadProvince(province, {
      client,
      membersUrl: system.services.members!.url,
      identityHeaders: await benchIdentityHeaders(system),
      treeArrived: (ids) => membersTreeHolds(system, ids, 180_000),
    });
    const expected = province.expected();
    const counts = await waitFor(() => countThroughGateway(client, loaded.provinceId, expected), {
      until: (rows) => rows.every((r) => r.expected === r.actual),
      timeoutMs: 180_000,
      intervalMs: 1_000,
      description: 'the counts through the gateway equal to the generator’s',
    }).catch(async () => countThroughGateway(client, loaded.provinceId, expected));
    const loadSeconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `Loaded in ${loadSeconds.toFixed(1)} s (${Object.entries(loaded.seconds)
        .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
        .join(', ')}); counts through the gateway (expected, actual):\n${formatCounts(counts)}\n`,
    );
    return { system, province, loaded, token, client, counts, loadSeconds };
  } catch (error) {
    await system.stop();
    await system.drop();
    throw error;
  }
}
