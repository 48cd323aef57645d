// @dangvien/contracts: what the services and external integrators share about events. No service
// imports another; they agree through the names, types and schemas exported here.
export { SERVICES, TOPICS, DEAD_LETTER_HEADERS, deadLetterTopic } from './topics';
export type { ServiceName, Topic, DeadLetterHeader } from './topics';
export {
  ORGANISATION_LEVELS,
  ORGANISATION_LEVEL_DESCRIPTIONS,
  ORGANISATION_SECTORS,
  ORGANISATION_SECTOR_DESCRIPTIONS,
} from './organisation';
export type { OrganisationLevel, OrganisationSector } from './organisation';
export { EVENT_TYPES, isEventType, dataSchemaUri, messageId } from './event-types';
export type { EventType } from './event-types';
export type {
  OrganisationCreatedV1,
  OrganisationRenamedV1,
  OrganisationMovedV1,
  OrganisationDissolvedV1,
} from './events/organisations';
export { EVENT_DEFINITIONS, EVENT_TOPIC, eventDefinitions, aggregateIdOf } from './registry';
export type { EventDataMap, EventData, EventDefinition } from './registry';
export type { JsonSchema } from './json-schema';
export { EVENT_SCHEMAS, validateEventData } from './schemas';
export { createEvent, eventSource } from './envelope';
export type { EventEnvelope, AnyEventEnvelope } from './envelope';
export { CLOUDEVENTS_HEADERS, toKafkaRecord, fromKafkaRecord } from './kafka';
export type { KafkaRecord } from './kafka';
export { InvalidEventError } from './errors';
