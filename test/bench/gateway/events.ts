import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROCESSED_EVENTS_COLLECTION } from '@dangvien/kafka';
import { createTestKafka, waitFor } from '@dangvien/testing';
import { importMembersFile } from '../../../services/members/src/cli/import';
import { memberListCsv } from '../province/csv';
import { generateProvince } from '../province/generate';
import type { LoadedSystem } from '../province/system';

export interface ProjectionLag {
  consumer: string;
  events: number;
  eventsPerSecond: number;
  lagP50: number;
  lagP99: number;
}

export interface EventBurst {
  changes: number;
  events: number;
  writeSeconds: number;
  projections: ProjectionLag[];
}

const TOPIC = 'dangvien.members.events.v1';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/**
 * A burst of `changes` member registrations (the import CLI, 1,000 rows a request) into the loaded
 * province's cells: each is a state change and its events in one write, relayed from the outbox to
 * Kafka at once. The events' times come from the topic (ce_time); each projection's application
 * time from its consumer's processed_events markers. Lag = applied − produced, per event.
 */
export async function eventBurst(
  run: LoadedSystem,
  changes: number,
  identityHeaders: Record<string, string>,
) {
  const kafka = createTestKafka('bench-events');
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(TOPIC);
  await admin.disconnect();
  // Another seed: other people (other Party card numbers, from 50,000,000) in the same cells.
  const burst = generateProvince({
    seed: run.province.seed,
    scale: run.province.scale,
    today: run.province.today,
  });
  const count = changes;
  // The loaded members' people again, under new Party card numbers, in the same cells.
  const people = {
    ...burst,
    memberCount: count,
    member: (i: number) => {
      const m = burst.member(i % burst.memberCount);
      return { ...m, partyCardNumber: String(50_000_000 + i) };
    },
  };
  const folder = await mkdtemp(join(tmpdir(), 'dangvien-burst-'));
  const file = join(folder, 'burst.csv');
  await writeFile(file, memberListCsv(people), 'utf8');
  const startedAt = new Date();
  const started = Date.now();
  const report = await importMembersFile({
    file,
    url: run.system.services.members!.url,
    headers: identityHeaders,
  });
  const writeSeconds = (Date.now() - started) / 1000;
  await rm(folder, { recursive: true, force: true });
  if (report.created !== count) throw new Error(`burst: ${report.created} of ${count} created`);

  // The burst's events and their production times, read back from the topic.
  const produced = new Map<string, number>();
  const bySubject = new Map<string, number>();
  const consumer = kafka.consumer({ groupId: `bench-events-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: false });
  const done = consumer.run({
    eachMessage: async ({ message }) => {
      const id = message.headers?.ce_id?.toString();
      const time = message.headers?.ce_time?.toString();
      const subject = message.headers?.ce_subject?.toString();
      if (id && time && Date.parse(time) >= startedAt.getTime() - 1_000) {
        produced.set(id, Date.parse(time));
        if (subject) bySubject.set(subject, Math.max(bySubject.get(subject) ?? 0, Date.parse(time)));
      }
    },
  });
  consumer.on(consumer.events.GROUP_JOIN, () => {
    for (const { partition, offset } of offsets) consumer.seek({ topic: TOPIC, partition, offset });
  });
  await done;
  await waitFor(() => produced.size, {
    until: (n) => n >= count,
    timeoutMs: 120_000,
    description: 'the burst on the topic',
  });
  // Every projection that consumes them, in every service: applied when its marker was written, or
  // (consumers that keep order per aggregate record a position instead) when the subject's position moved.
  const applied = async () => {
    const rows: { consumer: string; lag: number; at: number }[] = [];
    for (const service of Object.values(run.system.services)) {
      const collection = service.runtime.database.connection.collection(PROCESSED_EVENTS_COLLECTION);
      const seen = new Set<string>();
      for (const d of await collection.find({ processedAt: { $gte: startedAt } }).toArray()) {
        const time = produced.get(String(d.eventId));
        if (time === undefined) continue;
        seen.add(`${d.consumer}|${d.subject}`);
        rows.push({ consumer: d.consumer, lag: d.processedAt.getTime() - time, at: d.processedAt.getTime() });
      }
      for (const d of await collection.find({ updatedAt: { $gte: startedAt } }).toArray()) {
        const time = bySubject.get(String(d.subject));
        if (time === undefined || seen.has(`${d.consumer}|${d.subject}`)) continue;
        rows.push({ consumer: d.consumer, lag: d.updatedAt.getTime() - time, at: d.updatedAt.getTime() });
      }
    }
    return rows;
  };
  let last = -1;
  const rows = await waitFor(applied, {
    until: (r) => {
      const settled = r.length === last;
      last = r.length;
      return settled && r.length > 0;
    },
    timeoutMs: 300_000,
    intervalMs: 5_000,
    description: 'every projection caught up with the burst',
  });
  await consumer.stop();
  await consumer.disconnect();
  const byConsumer = new Map<string, number[]>();
  const lastApplied = new Map<string, number>();
  for (const r of rows) {
    const lags = byConsumer.get(r.consumer) ?? [];
    lags.push(r.lag);
    byConsumer.set(r.consumer, lags);
    lastApplied.set(r.consumer, Math.max(lastApplied.get(r.consumer) ?? 0, r.at));
  }
  const projections: ProjectionLag[] = [...byConsumer].map(([name, lags]) => {
    lags.sort((a, b) => a - b);
    return {
      consumer: name.replace(/\.test-[0-9a-f-]+$/, ''),
      events: lags.length,
      eventsPerSecond: lags.length / Math.max(0.001, (lastApplied.get(name)! - started) / 1000),
      lagP50: percentile(lags, 50),
      lagP99: percentile(lags, 99),
    };
  });
  return { changes: count, events: produced.size, writeSeconds, projections } satisfies EventBurst;
}
