#!/usr/bin/env node
// ./dangvien dlt list|replay <topic> [--since ISO-8601] [--at partition:offset]... [--group G] [--dry-run] [--json]
// Lists the dead letters of a topic with their reason, or publishes chosen ones again on the original
// topic (consumers skip what they applied already), printing what it did, as the admin principal
// (KAFKA_USERNAME/KAFKA_PASSWORD: it reads and writes every topic). <topic> is an event topic,
// its .DLT, or a service name (members → dangvien.members.events.v1).
import { parseArgs } from 'node:util';
import { logLevel } from 'kafkajs';
import { SERVICES, TOPICS } from '@dangvien/contracts';
import type { ServiceName } from '@dangvien/contracts';
import { createLogger } from '@dangvien/logger';
import { createKafkaClient, quietKafkaWarnings } from './client';
import { readKafkaEnvironment } from './credentials';
import { listDeadLetters, replayDeadLetters } from './dead-letters';
import type { DeadLetter } from './dead-letters';

const USAGE = `usage: dlt list|replay <topic|service> [--since ISO-8601] [--at partition:offset]... [--group consumer-group] [--dry-run] [--json]`;

function topicOf(name: string): string {
  return (SERVICES as readonly string[]).includes(name) ? TOPICS[name as ServiceName] : name;
}

function describe(letter: DeadLetter): string {
  return [
    `${letter.partition}:${letter.offset}`,
    letter.deadLetteredAt.toISOString(),
    letter.type ?? '(no type)',
    letter.subject ?? letter.key ?? '(no key)',
    letter.consumerGroup ?? '(unknown group)',
    letter.reason.replace(/\s+/g, ' ').slice(0, 200),
  ].join('  ');
}

async function main(): Promise<number> {
  quietKafkaWarnings();
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      since: { type: 'string' },
      at: { type: 'string', multiple: true },
      group: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const [command, name] = positionals;
  if ((command !== 'list' && command !== 'replay') || !name) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const since = values.since ? new Date(values.since) : undefined;
  if (since && Number.isNaN(since.getTime())) {
    process.stderr.write(`--since: not a date: ${values.since}\n`);
    return 2;
  }
  const { brokers, credentials } = readKafkaEnvironment();
  const kafka = createKafkaClient({
    clientId: 'dangvien-dlt',
    brokers,
    credentials,
    logger: createLogger({ name: 'dlt', level: 'error' }),
    overrides: { logLevel: logLevel.ERROR },
  });
  const topic = topicOf(name);
  const selection = {
    ...(since ? { since } : {}),
    ...(values.at ? { positions: values.at } : {}),
    ...(values.group ? { consumerGroup: values.group } : {}),
  };
  if (command === 'list') {
    const letters = await listDeadLetters(kafka, topic, selection);
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify(
          letters.map(({ message: _message, ...rest }) => rest),
          null,
          2,
        )}\n`,
      );
    } else {
      process.stdout.write(`${letters.length} dead letter(s) on ${topic}.DLT\n`);
      for (const letter of letters) process.stdout.write(`${describe(letter)}\n`);
    }
    return 0;
  }
  const results = await replayDeadLetters(kafka, topic, { ...selection, dryRun: values['dry-run'] });
  for (const { letter, to } of results) {
    process.stdout.write(
      `${to ? 'replayed' : 'would replay'} ${describe(letter)}${to ? `  →  ${to.topic}@${to.partition}:${to.offset}` : ''}\n`,
    );
  }
  process.stdout.write(
    `${results.length} dead letter(s) ${values['dry-run'] ? 'would be' : ''} replayed to ${topic}\n`.replace(
      '  ',
      ' ',
    ),
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`dlt: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
