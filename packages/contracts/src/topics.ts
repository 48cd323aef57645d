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
/**
 * The admission handover (recruitment → members): CandidateAdmitted carries the person's data for the
 * member file, sensitive data included, so it has a topic of its own that only the members service
 * may read.
 */
export const ADMISSIONS_TOPIC = 'dangvien.recruitment.admissions.v1';
/**
 * The members service's log of its own member files (audit entries with old and new values, and the
 * statistics each change makes), sensitive data included: only the members service reads it.
 */
export const MEMBER_FILES_TOPIC = 'dangvien.members.files.v1';

export type Topic =
  (typeof TOPICS)[keyof typeof TOPICS] | typeof ADMISSIONS_TOPIC | typeof MEMBER_FILES_TOPIC;

/** Records a consumer cannot process are set aside on `<topic>.DLT`, unchanged, with DEAD_LETTER_HEADERS added. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.DLT`;
}

/** Kafka topic configuration this project sets (everything else stays the broker's default). */
export interface TopicConfig {
  /** `delete`: records expire by retention only; nothing here is compacted. */
  'cleanup.policy': 'delete' | 'compact';
  /** Milliseconds, as Kafka writes it; `-1` keeps records forever. */
  'retention.ms': string;
}

/**
 * Everything about one topic, declared once: the owning service creates it (with its dead-letter
 * topic) at start, `./dangvien`, the test setup and Docker Compose's kafka-init create every declared
 * topic from this list, and the AsyncAPI document describes it.
 */
export interface TopicDeclaration {
  name: string;
  /** The only service that produces to it, and the one that creates it. */
  owner: ServiceName;
  kind: 'events' | 'dead-letters';
  partitions: number;
  config: TopicConfig;
  /**
   * Whether its records identify people or describe them (membership, candidacy, classification):
   * personal data under Decree 13/2023, readable only by principals granted it.
   */
  personalData: boolean;
  /**
   * Whether its records carry sensitive personal data (ethnicity, religion, citizen id, history):
   * readable only by the service that needs it, never by an integrator.
   */
  sensitive: boolean;
  /** What it carries, for the AsyncAPI document and the topic listings. */
  description: string;
}

/**
 * Event topics keep every record: the projections of other services (and integrators' own) are built
 * by reading them from the start, so nothing may expire. Three partitions: order matters per
 * aggregate only (the key), and three lets three replicas of a consumer share the work.
 */
const EVENTS_CONFIG: TopicConfig = { 'cleanup.policy': 'delete', 'retention.ms': '-1' };
/** Dead letters are kept until someone replays or drops them: expiring one would lose an event. */
const DEAD_LETTERS_CONFIG: TopicConfig = { 'cleanup.policy': 'delete', 'retention.ms': '-1' };
const PARTITIONS = 3;

/** Which topics carry personal data: everything but the organisation tree. */
const PERSONAL_DATA: Record<ServiceName, boolean> = {
  organisations: false,
  members: true,
  recruitment: true,
  emulation: true,
};

/** An event topic and its dead-letter topic. */
function withDeadLetters(
  topic: Omit<TopicDeclaration, 'kind' | 'config' | 'partitions'>,
): TopicDeclaration[] {
  return [
    { ...topic, kind: 'events', partitions: PARTITIONS, config: EVENTS_CONFIG },
    {
      ...topic,
      name: deadLetterTopic(topic.name),
      kind: 'dead-letters',
      partitions: PARTITIONS,
      config: DEAD_LETTERS_CONFIG,
      description: `Records of ${topic.name} that a consumer could not process, copied unchanged with dlt_* headers.`,
    },
  ];
}

export const TOPIC_DECLARATIONS: readonly TopicDeclaration[] = [
  ...SERVICES.flatMap((owner) =>
    withDeadLetters({
      name: TOPICS[owner],
      owner,
      personalData: PERSONAL_DATA[owner],
      sensitive: false,
      description: `Everything the ${owner} service publishes, keyed by aggregate id.`,
    }),
  ),
  ...withDeadLetters({
    name: ADMISSIONS_TOPIC,
    owner: 'recruitment',
    personalData: true,
    sensitive: true,
    description:
      "The admission handover to the members service: each admitted candidate with the person's data for the member file (sensitive data included), and how their probation ended. Only the members service may read it.",
  }),
  // members service (issue 9)
  ...withDeadLetters({
    name: MEMBER_FILES_TOPIC,
    owner: 'members',
    personalData: true,
    sensitive: true,
    description:
      "The members service's own log of its member files: every change with its audit entry (old and new values, sensitive ones included) and what it does to the statistics. Only the members service reads it; integrators read dangvien.members.events.v1.",
  }),
];

/** The topics a service creates at start: its event topic and its dead-letter topic. */
export function ownedTopics(service: ServiceName): TopicDeclaration[] {
  return TOPIC_DECLARATIONS.filter((topic) => topic.owner === service);
}

/** The declaration of a topic by name, or undefined for a topic this project does not declare. */
export function topicDeclaration(name: string): TopicDeclaration | undefined {
  return TOPIC_DECLARATIONS.find((topic) => topic.name === name);
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

/**
 * Set on a record `./dangvien dlt replay` published again on its original topic: the dead letter it
 * came from, `<topic>.DLT@<partition>:<offset>`. Consumers ignore it (they deduplicate on `ce_id`).
 */
export const REPLAYED_FROM_HEADER = 'dlt_replayed_from';
