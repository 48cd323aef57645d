/** The four services. Each owns exactly one topic and is the only producer on it. */
export const SERVICES = ['organisations', 'members', 'recruitment', 'emulation'] as const;
export type ServiceName = (typeof SERVICES)[number];

/**
 * One topic per owning service; every event type of a service goes to its topic, keyed by the aggregate
 * id, so all events of one aggregate land on one partition in order. The `.v1` is the topic layout
 * version, not an event version: event types are versioned on their own (see EVENT_TYPES).
 */
export const TOPICS = {
  organisations: 'dangvien.organisations.events.v1',
  members: 'dangvien.members.events.v1',
  recruitment: 'dangvien.recruitment.events.v1',
  emulation: 'dangvien.emulation.events.v1',
} as const satisfies Record<ServiceName, string>;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** Records a consumer cannot process are set aside on `<topic>.DLT`, unchanged, with DEAD_LETTER_HEADERS added. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.DLT`;
}

/**
 * Headers a consumer adds when it moves a record to the dead-letter topic. The original key, value and
 * headers (including the `ce_*` ones, when there were any) are kept as they were.
 */
export const DEAD_LETTER_HEADERS = {
  /** Why the record was set aside: the InvalidEventError reason, or the last processing error. */
  error: 'dlt_error',
  /** The topic the record was read from. */
  originalTopic: 'dlt_original_topic',
  /** Its partition, decimal. */
  originalPartition: 'dlt_original_partition',
  /** Its offset, decimal. */
  originalOffset: 'dlt_original_offset',
  /** When it was set aside, ISO-8601 UTC. */
  failedAt: 'dlt_failed_at',
  /** The consumer group that gave up on it. */
  consumerGroup: 'dlt_consumer_group',
} as const;
export type DeadLetterHeader = (typeof DEAD_LETTER_HEADERS)[keyof typeof DEAD_LETTER_HEADERS];
