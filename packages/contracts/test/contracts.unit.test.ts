import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventData, EventType, OrganisationCreatedV1 } from '../src';
import {
  DEAD_LETTER_HEADERS,
  ENTERPRISE_SECTORS,
  EVENT_DEFINITIONS,
  EVENT_SCHEMAS,
  EVENT_TOPIC,
  EVENT_TYPES,
  InvalidEventError,
  LOCALITY_KINDS,
  LOCALITY_KIND_DESCRIPTIONS,
  MEMBER_STATUSES_COUNTED,
  ORGANISATION_LEVELS,
  ORGANISATION_SECTORS,
  TOPICS,
  ADMISSIONS_TOPIC,
  topicDeclaration,
  createEvent,
  deadLetterTopic,
  eventSource,
  isEventType,
  validateEventData,
} from '../src';

const types = Object.values(EVENT_TYPES) as EventType[];
/** The emulation service's aggregates: a classification sheet, a peer group's ranking, an award list. */
const EMULATION_AGGREGATES: Record<string, string> = {
  ClassificationDecided: 'sheetId',
  EmulationRankingPublished: 'rankingId',
  AwardCandidatesListed: 'listId',
};
const created = EVENT_TYPES.OrganisationCreated;
const createdExample = EVENT_DEFINITIONS[created].example;

describe('topics and types', () => {
  it('names the dead-letter topic after the topic', () => {
    expect(deadLetterTopic(TOPICS.organisations)).toBe('dangvien.organisations.events.v1.DLT');
  });

  it('publishes each type on its service topic', () => {
    for (const type of types) {
      expect(EVENT_TOPIC[type]).toBe(
        EVENT_DEFINITIONS[type].topic ?? TOPICS[EVENT_DEFINITIONS[type].service],
      );
    }
    // The admission handover has a restricted topic of its own: it carries sensitive personal data.
    for (const type of [
      EVENT_TYPES.CandidateAdmitted,
      EVENT_TYPES.ProbationRecognised,
      EVENT_TYPES.ProbationFailed,
    ]) {
      expect(EVENT_TOPIC[type]).toBe(ADMISSIONS_TOPIC);
      expect(topicDeclaration(ADMISSIONS_TOPIC)).toMatchObject({ owner: 'recruitment', sensitive: true });
    }
    expect(EVENT_TOPIC[created]).toBe('dangvien.organisations.events.v1');
    expect(EVENT_TOPIC[EVENT_TYPES.LocalityRegistered]).toBe(TOPICS.organisations);
    for (const type of [
      EVENT_TYPES.MemberAdmitted,
      EVENT_TYPES.MemberRecognisedOfficial,
      EVENT_TYPES.MemberTransferred,
      EVENT_TYPES.MemberLeft,
    ]) {
      expect(EVENT_TOPIC[type]).toBe(TOPICS.members);
      expect(EVENT_DEFINITIONS[type].aggregateIdField).toBe('memberId');
    }
  });

  it('keys every EVENT_TYPES entry by the event name in its type', () => {
    for (const [name, type] of Object.entries(EVENT_TYPES)) expect(type.split('.')[2]).toBe(name);
  });

  it('keys organisation events by organisationId, locality events by localityId, candidates by candidateId, plans by planId, warnings by warningId', () => {
    for (const type of types) {
      const name = type.split('.')[2] ?? '';
      const expected = name.startsWith('Locality')
        ? 'localityId'
        : name.startsWith('Member')
          ? 'memberId'
          : name.startsWith('AdmissionPlan')
            ? 'planId'
            : name.startsWith('RecruitmentWarning')
              ? 'warningId'
              : type.startsWith('dangvien.recruitment.')
                ? 'candidateId'
                : type.startsWith('dangvien.emulation.')
                  ? EMULATION_AGGREGATES[name]
                  : 'organisationId';
      expect(EVENT_DEFINITIONS[type].aggregateIdField).toBe(expected);
    }
  });

  it('names every type dangvien.<service>.<PastTense>.v<n>', () => {
    for (const type of types) {
      // A past-tense verb in the name: regular (…ed…) or one of the irregular ones we use.
      expect(type).toMatch(/^dangvien\.[a-z]+\.[A-Z][A-Za-z]*(ed|Split|Left)[A-Za-z]*\.v[1-9][0-9]*$/);
      expect(type.split('.')[1]).toBe(EVENT_DEFINITIONS[type].service);
    }
  });

  it('recognises known types only', () => {
    expect(isEventType(created)).toBe(true);
    expect(isEventType('dangvien.organisations.OrganisationCreated.v2')).toBe(false);
    expect(isEventType('constructor')).toBe(false);
  });

  it('has one strict draft-07 schema per type, identified by its dataschema', () => {
    expect(Object.keys(EVENT_SCHEMAS).sort()).toEqual([...types].sort());
    for (const type of types) {
      expect(EVENT_SCHEMAS[type]).toMatchObject({
        $schema: 'http://json-schema.org/draft-07/schema#',
        $id: `urn:dangvien:schema:${type}`,
        type: 'object',
        additionalProperties: false,
      });
    }
  });
});

describe('validateEventData', () => {
  it.each(types)('accepts the documented example of %s', (type) => {
    expect(validateEventData(type, EVENT_DEFINITIONS[type].example)).toEqual({ valid: true });
  });

  it('accepts every level and sector, and a root without ancestors', () => {
    for (const level of ORGANISATION_LEVELS) {
      for (const sector of ORGANISATION_SECTORS) {
        expect(validateEventData(created, { ...createdExample, level, sector })).toEqual({ valid: true });
      }
    }
    const root: OrganisationCreatedV1 = { ...createdExample, level: 'PROVINCE', parentId: null, path: [] };
    expect(validateEventData(created, root)).toEqual({ valid: true });
  });

  it.each<[string, unknown, RegExp]>([
    [
      'an extra property',
      { ...createdExample, colour: 'red' },
      /must NOT have additional properties: "colour"/,
    ],
    [
      'a level outside the enum',
      { ...createdExample, level: 'WARD_GROUP' },
      /\/level must be equal to one of the allowed values/,
    ],
    [
      'a sector outside the enum',
      { ...createdExample, sector: 'NGO' },
      /\/sector must be equal to one of the allowed values/,
    ],
    ['a missing field', { ...createdExample, code: undefined }, /must have required property 'code'/],
    ['a wrong type', { ...createdExample, path: 'a/b' }, /\/path must be array/],
    ['an empty name', { ...createdExample, name: '' }, /\/name must NOT have fewer than 1 characters/],
    [
      'a root with ancestors',
      { ...createdExample, parentId: null },
      /\/path must NOT have more than 0 items/,
    ],
    ['a child without ancestors', { ...createdExample, path: [] }, /\/path must NOT have fewer than 1 items/],
    ['not an object', 'hello', /must be object/],
  ])('rejects %s', (_case, data, message) => {
    const result = validateEventData(created, JSON.parse(JSON.stringify(data)));
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.errors.join('\n')).toMatch(message);
  });

  it('rejects a move to no parent and an unknown field in the other types', () => {
    const moved = EVENT_DEFINITIONS[EVENT_TYPES.OrganisationMoved].example;
    expect(validateEventData(EVENT_TYPES.OrganisationMoved, { ...moved, parentId: null }).valid).toBe(false);
    for (const type of types) {
      expect(validateEventData(type, { ...EVENT_DEFINITIONS[type].example, extra: 1 }).valid).toBe(false);
    }
  });
});

const dataOf = <T extends EventType>(type: T): EventData<T> => EVENT_DEFINITIONS[type].example;
const T = EVENT_TYPES;

describe('dated changes, lineage, localities and members', () => {
  it('exports the shared vocabularies', () => {
    expect(LOCALITY_KINDS).toEqual(['VILLAGE', 'HAMLET', 'MOUNTAIN_VILLAGE', 'RESIDENTIAL_GROUP']);
    for (const kind of LOCALITY_KINDS) expect(LOCALITY_KIND_DESCRIPTIONS[kind]).toMatch(/ — /);
    expect(MEMBER_STATUSES_COUNTED).toEqual(['PROBATIONARY', 'OFFICIAL']);
    expect(ENTERPRISE_SECTORS).toEqual(['STATE_ENTERPRISE', 'PRIVATE_ENTERPRISE', 'COOPERATIVE']);
  });

  it('requires effectiveDate and decision on every organisation change', () => {
    for (const type of types) {
      const required = (EVENT_SCHEMAS[type] as { required: string[] }).required;
      const name = type.split('.')[2] ?? '';
      if (name.startsWith('Organisation'))
        expect(required).toEqual(expect.arrayContaining(['effectiveDate', 'decision']));
    }
  });

  it.each<[string, EventType, Record<string, unknown>]>([
    ['no decision', T.OrganisationRenamed, { decision: null }],
    [
      'a decision without issuer',
      T.OrganisationMoved,
      { decision: { number: '1-QĐ/TU', date: '2025-02-28', issuedBy: null } },
    ],
    [
      'an enterprise with a tax code',
      T.OrganisationCreated,
      {
        sector: 'STATE_ENTERPRISE',
        enterprise: { name: 'Công ty CP Gang thép Thái Nguyên', taxCode: '4600100155' },
      },
    ],
    [
      'a branch tax code',
      T.OrganisationCreated,
      { sector: 'COOPERATIVE', enterprise: { name: 'HTX chè La Bằng', taxCode: '4600100155-001' } },
    ],
    [
      'an enterprise without a tax code',
      T.OrganisationCreated,
      { sector: 'PRIVATE_ENTERPRISE', enterprise: { name: 'Công ty TNHH A', taxCode: null } },
    ],
    [
      'an enterprise sector without enterprise',
      T.OrganisationCreated,
      { sector: 'PRIVATE_ENTERPRISE', enterprise: null },
    ],
    ['a unit created by a merge', T.OrganisationCreated, { predecessorIds: ['a', 'b'] }],
    ['a plain dissolution', T.OrganisationDissolved, { cause: 'DISSOLVED', successorIds: [], reason: null }],
    ['a dissolution by split', T.OrganisationDissolved, { cause: 'SPLIT', successorIds: ['a', 'b'] }],
    ['a merge into a new unit', T.OrganisationsMerged, { targetCreated: true, mergedIds: ['a', 'b', 'c'] }],
    ['a split that dissolves the source', T.OrganisationSplit, { sourceDissolved: true, intoIds: ['a'] }],
    ['a leap day', T.LocalityRenamed, { effectiveDate: '2028-02-29' }],
    ['every locality kind', T.LocalityRegistered, { kind: 'RESIDENTIAL_GROUP' }],
    ['a locality no cell covers', T.LocalityCoverageChanged, { cellIds: [], previousCellIds: ['a'] }],
    ['a head who is not a member, open-ended', T.LocalityHeadAppointed, { memberId: null, termEnd: null }],
    ['a locality simply dissolved', T.LocalityDissolved, { mergedIntoId: null }],
    ['an admission before the ceremony', T.MemberAdmitted, { ceremonyDate: null }],
    [
      'a temporary transfer of a probationary member',
      T.MemberTransferred,
      { kind: 'TEMPORARY', status: 'PROBATIONARY' },
    ],
    ['an expulsion', T.MemberLeft, { reason: 'EXPELLED' }],
  ])('accepts %s', (_case, type, change) => {
    expect(validateEventData(type, { ...dataOf(type), ...change })).toEqual({ valid: true });
  });

  it.each<[string, EventType, Record<string, unknown>, RegExp]>([
    [
      'a missing effectiveDate',
      T.OrganisationMoved,
      { effectiveDate: undefined },
      /must have required property 'effectiveDate'/,
    ],
    [
      'a missing decision',
      T.OrganisationReleveled,
      { decision: undefined },
      /must have required property 'decision'/,
    ],
    [
      'a date-time as effectiveDate',
      T.OrganisationRenamed,
      { effectiveDate: '2025-07-01T00:00:00Z' },
      /\/effectiveDate must match format "date"/,
    ],
    [
      'an impossible effectiveDate',
      T.OrganisationCreated,
      { effectiveDate: '2025-02-30' },
      /\/effectiveDate must match format "date"/,
    ],
    [
      'a day-first date',
      T.LocalityMoved,
      { effectiveDate: '01/07/2025' },
      /\/effectiveDate must match format "date"/,
    ],
    [
      'a decision without number',
      T.OrganisationCreated,
      { decision: { date: '2025-06-20', issuedBy: null } },
      /\/decision must have required property 'number'/,
    ],
    [
      'a decision with an empty number',
      T.OrganisationsMerged,
      { decision: { number: '', date: '2025-06-20', issuedBy: null } },
      /\/decision\/number must NOT have fewer than 1 characters/,
    ],
    [
      'a decision with a bad date',
      T.OrganisationSplit,
      { decision: { number: '1', date: '20-06-2025', issuedBy: null } },
      /\/decision\/date must match format "date"/,
    ],
    [
      'a decision with an extra field',
      T.OrganisationDissolved,
      { decision: { number: '1', date: '2025-06-20', issuedBy: null, signer: 'x' } },
      /\/decision must NOT have additional properties: "signer"/,
    ],
    [
      'a decision as a string',
      T.LocalityRegistered,
      { decision: '1234-QĐ/TU' },
      /\/decision must be object,null/,
    ],
    [
      'an enterprise outside the enterprise sectors',
      T.OrganisationCreated,
      { sector: 'RESIDENTIAL', enterprise: { name: 'A', taxCode: null } },
      /\/enterprise must be null/,
    ],
    [
      'a malformed tax code',
      T.OrganisationCreated,
      { sector: 'STATE_ENTERPRISE', enterprise: { name: 'A', taxCode: '46-001' } },
      /\/enterprise\/taxCode must match pattern/,
    ],
    [
      'an enterprise without name',
      T.OrganisationCreated,
      { sector: 'STATE_ENTERPRISE', enterprise: { taxCode: null } },
      /\/enterprise must have required property 'name'/,
    ],
    [
      'a missing predecessorIds',
      T.OrganisationCreated,
      { predecessorIds: undefined },
      /must have required property 'predecessorIds'/,
    ],
    [
      'a repeated predecessor',
      T.OrganisationCreated,
      { predecessorIds: ['a', 'a'] },
      /\/predecessorIds must NOT have duplicate items/,
    ],
    [
      'an empty predecessor id',
      T.OrganisationCreated,
      { predecessorIds: [''] },
      /\/predecessorIds\/0 must NOT have fewer than 1 characters/,
    ],
    [
      'an unknown cause',
      T.OrganisationDissolved,
      { cause: 'ABSORBED' },
      /\/cause must be equal to one of the allowed values/,
    ],
    [
      'a plain dissolution with successors',
      T.OrganisationDissolved,
      { cause: 'DISSOLVED', successorIds: ['a'] },
      /\/successorIds must NOT have more than 0 items/,
    ],
    [
      'a merge without target',
      T.OrganisationDissolved,
      { cause: 'MERGED', successorIds: [] },
      /\/successorIds must NOT have fewer than 1 items/,
    ],
    [
      'a merge into two targets',
      T.OrganisationDissolved,
      { cause: 'MERGED', successorIds: ['a', 'b'] },
      /\/successorIds must NOT have more than 1 items/,
    ],
    [
      'a split into nothing',
      T.OrganisationDissolved,
      { cause: 'SPLIT', successorIds: [] },
      /\/successorIds must NOT have fewer than 1 items/,
    ],
    [
      'a releveling to an unknown level',
      T.OrganisationReleveled,
      { level: 'WARD_GROUP' },
      /\/level must be equal to one of the allowed values/,
    ],
    [
      'a merge absorbing nothing',
      T.OrganisationsMerged,
      { mergedIds: [] },
      /\/mergedIds must NOT have fewer than 1 items/,
    ],
    [
      'targetCreated as text',
      T.OrganisationsMerged,
      { targetCreated: 'yes' },
      /\/targetCreated must be boolean/,
    ],
    [
      'a merge without reorganisationId',
      T.OrganisationsMerged,
      { reorganisationId: '' },
      /\/reorganisationId must NOT have fewer than 1 characters/,
    ],
    [
      'a split into nothing',
      T.OrganisationSplit,
      { intoIds: [] },
      /\/intoIds must NOT have fewer than 1 items/,
    ],
    [
      'a split without sourceDissolved',
      T.OrganisationSplit,
      { sourceDissolved: undefined },
      /must have required property 'sourceDissolved'/,
    ],
    [
      'an unknown locality kind',
      T.LocalityRegistered,
      { kind: 'WARD_GROUP' },
      /\/kind must be equal to one of the allowed values/,
    ],
    ['a locality without commune', T.LocalityRegistered, { communeId: null }, /\/communeId must be string/],
    [
      'a locality moved to no commune',
      T.LocalityMoved,
      { communeId: '' },
      /\/communeId must NOT have fewer than 1 characters/,
    ],
    [
      'a coverage without the previous cells',
      T.LocalityCoverageChanged,
      { previousCellIds: undefined },
      /must have required property 'previousCellIds'/,
    ],
    [
      'a coverage with a decision',
      T.LocalityCoverageChanged,
      { decision: null },
      /must NOT have additional properties: "decision"/,
    ],
    [
      'a head without name',
      T.LocalityHeadAppointed,
      { headName: '' },
      /\/headName must NOT have fewer than 1 characters/,
    ],
    [
      'a term end that is no date',
      T.LocalityHeadAppointed,
      { termEnd: 'never' },
      /\/termEnd must match format "date"/,
    ],
    [
      'a locality merged into ""',
      T.LocalityDissolved,
      { mergedIntoId: '' },
      /\/mergedIntoId must NOT have fewer than 1 characters/,
    ],
    [
      'an admission without decision date',
      T.MemberAdmitted,
      { decisionDate: null },
      /\/decisionDate must be string/,
    ],
    [
      'an impossible ceremony date',
      T.MemberAdmitted,
      { ceremonyDate: '2025-13-01' },
      /\/ceremonyDate must match format "date"/,
    ],
    [
      'an official date with a time',
      T.MemberRecognisedOfficial,
      { officialDate: '2026-06-02T00:00:00Z' },
      /\/officialDate must match format "date"/,
    ],
    [
      'a transfer of an uncounted status',
      T.MemberTransferred,
      { status: 'DECEASED' },
      /\/status must be equal to one of the allowed values: PROBATIONARY, OFFICIAL/,
    ],
    [
      'an unknown transfer kind',
      T.MemberTransferred,
      { kind: 'ONE_WAY' },
      /\/kind must be equal to one of the allowed values/,
    ],
    [
      'an unknown reason to leave',
      T.MemberLeft,
      { reason: 'TRANSFERRED' },
      /\/reason must be equal to one of the allowed values/,
    ],
  ])('rejects %s', (_case, type, change, message) => {
    const result = validateEventData(type, JSON.parse(JSON.stringify({ ...dataOf(type), ...change })));
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.errors.join('\n')).toMatch(message);
  });

  it('publishes member events from the members service', () => {
    const admitted = dataOf(T.MemberAdmitted);
    const event = createEvent(T.MemberAdmitted, admitted.memberId, 1, admitted);
    expect(event.source).toBe('/dangvien/members');
    expect(() => createEvent(T.MemberAdmitted, admitted.organisationId, 1, admitted)).toThrow(
      /differs from data.memberId/,
    );
    const locality = dataOf(T.LocalityRegistered);
    expect(createEvent(T.LocalityRegistered, locality.localityId, 1, locality).source).toBe(
      '/dangvien/organisations',
    );
  });
});

describe('createEvent', () => {
  const subject = createdExample.organisationId;

  it('fills id, time, source, datacontenttype and dataschema', () => {
    const event = createEvent(created, subject, 1, createdExample);
    expect(event).toEqual({
      specversion: '1.0',
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      type: created,
      source: eventSource('organisations'),
      subject,
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      sequence: 1,
      datacontenttype: 'application/json',
      dataschema: `urn:dangvien:schema:${created}`,
      data: createdExample,
    });
    expect(eventSource('organisations')).toBe('/dangvien/organisations');
    expect(createEvent(created, subject, 1, createdExample).id).not.toBe(event.id);
  });

  it('takes id, time and source when given', () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const event = createEvent(created, subject, 3, createdExample, {
      id,
      time: new Date('2025-07-01T08:00:00+07:00'),
      source: '/dangvien/organisations/import',
    });
    expect(event).toMatchObject({
      id,
      time: '2025-07-01T01:00:00.000Z',
      source: '/dangvien/organisations/import',
    });
  });

  it.each<[string, () => unknown, RegExp]>([
    [
      'data failing the schema',
      () => createEvent(created, subject, 1, { ...createdExample, level: 'X' as 'CELL' }),
      /does not match the schema/,
    ],
    [
      'a subject that is not the aggregate id',
      () => createEvent(created, 'other', 1, createdExample),
      /differs from data.organisationId/,
    ],
    ['an empty subject', () => createEvent(created, '', 1, createdExample), /must not be empty/],
    ['a negative sequence', () => createEvent(created, subject, -1, createdExample), /non-negative integer/],
    [
      'a fractional sequence',
      () => createEvent(created, subject, 1.5, createdExample),
      /non-negative integer/,
    ],
    [
      'an id that is not a UUID',
      () => createEvent(created, subject, 1, createdExample, { id: '42' }),
      /must be a UUID/,
    ],
    [
      'an invalid time',
      () => createEvent(created, subject, 1, createdExample, { time: new Date('x') }),
      /invalid Date/,
    ],
    [
      'an unknown type',
      () => createEvent('x.y.Z.v1' as typeof created, subject, 1, createdExample),
      /unknown event type/,
    ],
  ])('refuses %s', (_case, create, reason) => {
    expect(create).toThrow(InvalidEventError);
    expect(create).toThrow(reason);
  });
});

describe('README.md', () => {
  it('mentions every topic, every event type and every dead-letter header', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    for (const name of [...Object.values(TOPICS), ...types, ...Object.values(DEAD_LETTER_HEADERS)]) {
      expect(readme).toContain(`\`${name}\``);
    }
  });
});
