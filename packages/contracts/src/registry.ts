import type { EventType } from './event-types';
import { EVENT_TYPES } from './event-types';
import type {
  OrganisationCreatedV1,
  OrganisationDissolvedV1,
  OrganisationMovedV1,
  OrganisationRenamedV1,
} from './events/organisations';
import {
  OrganisationCreatedV1Example,
  OrganisationCreatedV1Schema,
  OrganisationDissolvedV1Example,
  OrganisationDissolvedV1Schema,
  OrganisationMovedV1Example,
  OrganisationMovedV1Schema,
  OrganisationRenamedV1Example,
  OrganisationRenamedV1Schema,
} from './events/organisations';
import type { JsonSchema } from './json-schema';
import type { ServiceName, Topic } from './topics';
import { TOPICS } from './topics';

/** The payload (`data`) of each event type. Adding a type to EVENT_TYPES without an entry here fails to compile. */
export interface EventDataMap {
  [EVENT_TYPES.OrganisationCreated]: OrganisationCreatedV1;
  [EVENT_TYPES.OrganisationRenamed]: OrganisationRenamedV1;
  [EVENT_TYPES.OrganisationMoved]: OrganisationMovedV1;
  [EVENT_TYPES.OrganisationDissolved]: OrganisationDissolvedV1;
}
export type EventData<T extends EventType> = EventDataMap[T];

/** Everything the contract says about one event type; the single source of EVENT_TOPIC, EVENT_SCHEMAS and the AsyncAPI document. */
export interface EventDefinition<T extends EventType = EventType> {
  type: T;
  /** The only service that publishes it, on TOPICS[service]. */
  service: ServiceName;
  /** The payload field holding the aggregate id: the event's subject and Kafka key must equal it. */
  aggregateIdField: keyof EventData<T> & string;
  /** Short human title, e.g. "Organisation created". */
  title: string;
  /** When it is published and what a consumer should do with it. */
  summary: string;
  schema: JsonSchema;
  example: EventData<T>;
}

export const EVENT_DEFINITIONS: { readonly [T in EventType]: EventDefinition<T> } = {
  [EVENT_TYPES.OrganisationCreated]: {
    type: EVENT_TYPES.OrganisationCreated,
    service: 'organisations',
    aggregateIdField: 'organisationId',
    title: 'Organisation created',
    summary: 'A Party organisation was added to the tree. The first event of every organisation.',
    schema: OrganisationCreatedV1Schema,
    example: OrganisationCreatedV1Example,
  },
  [EVENT_TYPES.OrganisationRenamed]: {
    type: EVENT_TYPES.OrganisationRenamed,
    service: 'organisations',
    aggregateIdField: 'organisationId',
    title: 'Organisation renamed',
    summary: 'An organisation took a new name.',
    schema: OrganisationRenamedV1Schema,
    example: OrganisationRenamedV1Example,
  },
  [EVENT_TYPES.OrganisationMoved]: {
    type: EVENT_TYPES.OrganisationMoved,
    service: 'organisations',
    aggregateIdField: 'organisationId',
    title: 'Organisation moved',
    summary:
      'An organisation was re-parented. Only the moved organisation gets an event: consumers rewrite the paths of its descendants themselves.',
    schema: OrganisationMovedV1Schema,
    example: OrganisationMovedV1Example,
  },
  [EVENT_TYPES.OrganisationDissolved]: {
    type: EVENT_TYPES.OrganisationDissolved,
    service: 'organisations',
    aggregateIdField: 'organisationId',
    title: 'Organisation dissolved',
    summary: 'An organisation was dissolved. The last event of that organisation.',
    schema: OrganisationDissolvedV1Schema,
    example: OrganisationDissolvedV1Example,
  },
};

/** The aggregate id a payload carries; the subject and Kafka key of its event. */
export function aggregateIdOf<T extends EventType>(type: T, data: EventData<T>): unknown {
  const definition: EventDefinition<T> = EVENT_DEFINITIONS[type];
  return data[definition.aggregateIdField];
}

/** Every event definition, in EVENT_TYPES order. */
export function eventDefinitions(): EventDefinition[] {
  return (Object.values(EVENT_TYPES) as EventType[]).map(
    (type) => EVENT_DEFINITIONS[type] as EventDefinition,
  );
}

/** The topic each event type is published on: its owning service's topic. */
export const EVENT_TOPIC: Record<EventType, Topic> = Object.freeze(
  Object.fromEntries(eventDefinitions().map((definition) => [definition.type, TOPICS[definition.service]])),
) as Record<EventType, Topic>;
