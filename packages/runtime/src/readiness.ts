import type { ConsumerStatus, OutboxStatus } from '@dangvien/kafka';

/**
 * What `/health/ready` answers. `ready`: serving, nothing behind. `degraded`: serving, but something
 * needs attention — a consumer retrying or lagging or waiting for a topic, events waiting or stuck in
 * the outbox (HTTP 200: taking the replica out of rotation would not help). `down`: cannot serve
 * (the database does not answer, not started yet, stopping): HTTP 503.
 */
export type ReadinessStatus = 'ready' | 'degraded' | 'down';

export interface Readiness {
  status: ReadinessStatus;
  service: string;
  database: { ok: boolean; engine: string | null };
  outbox: OutboxStatus | null;
  consumers: ConsumerStatus[];
  /** Why the status is not `ready`, one line each. */
  problems: string[];
}

/** A consumer this far behind the end of its partitions is reported as lagging. */
export const LAG_WARNING = 1_000;

export function assessReadiness(input: {
  service: string;
  started: boolean;
  database: Readiness['database'];
  outbox: OutboxStatus | null;
  consumers: ConsumerStatus[];
  extra?: string[];
}): Readiness {
  const down: string[] = [];
  const degraded: string[] = [...(input.extra ?? [])];
  if (!input.started) down.push('not started, or stopping');
  if (!input.database.ok) down.push('the database does not answer');
  const { outbox } = input;
  if (outbox && outbox.stuckDocuments > 0) {
    degraded.push(`${outbox.stuckDocuments} outbox document(s) stuck: ${outbox.stuckReason}`);
  }
  if (outbox?.lastError) degraded.push(`outbox sends failing: ${outbox.lastError}`);
  for (const consumer of input.consumers) {
    if (consumer.state === 'retrying') degraded.push(`consumer ${consumer.name} retrying: ${consumer.error}`);
    else if (consumer.state === 'waiting-for-topics')
      degraded.push(`consumer ${consumer.name} waiting for its topics`);
    else if (consumer.lag >= LAG_WARNING)
      degraded.push(`consumer ${consumer.name} ${consumer.lag} records behind`);
  }
  const status: ReadinessStatus = down.length > 0 ? 'down' : degraded.length > 0 ? 'degraded' : 'ready';
  return {
    status,
    service: input.service,
    database: input.database,
    outbox,
    consumers: input.consumers,
    problems: [...down, ...degraded],
  };
}
