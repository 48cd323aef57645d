import { printSchema } from 'graphql';
import { composeSupergraph } from '../compose';
import { apiSchema } from './changes';
import { checkSchemas } from './check';
import type { SchemaSet } from './check';
import type { DeliberateChange } from './deliberate';

// The check over two small subgraphs, composed for real: what a client or the gateway relies on
// breaks the check; additions pass; a listed break passes; a stale listing fails.

const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])`;

const UNITS = `${LINK}
type Unit @key(fields: "id") { id: ID! code: String! name: String! }
type Query { unit(id: ID!): Unit units(first: Int = 20): [Unit!]! }
`;

const PEOPLE = `${LINK}
type Person @key(fields: "id") { id: ID! name: String! unit: Unit }
type Unit @key(fields: "id") { id: ID! members: [Person!]! }
enum Standing { GOOD SUSPENDED }
type Query { person(id: ID!): Person standing: Standing }
`;

function schemas(units: string, people = PEOPLE): SchemaSet {
  const supergraph = composeSupergraph([
    { name: 'units', url: 'http://units/graphql', typeDefs: units },
    { name: 'people', url: 'http://people/graphql', typeDefs: people },
  ]);
  return { subgraphs: { units, people }, api: printSchema(apiSchema(supergraph)) };
}

const released = schemas(UNITS);
const withoutCode = UNITS.replace(' code: String!', '');

const deliberate = (entry: Partial<DeliberateChange> = {}): DeliberateChange => ({
  schema: 'units',
  type: 'FIELD_REMOVED',
  change: 'Unit.code was removed.',
  reason: 'codes move to the registry service',
  issue: '#99',
  ...entry,
});

describe('schema check', () => {
  it('passes the released schemas themselves', () => {
    const report = checkSchemas(released, schemas(UNITS), []);
    expect(report).toMatchObject({ ok: true, breaking: [], dangerous: [], stale: [], unreleased: [] });
  });

  it('fails on a removed field, in the subgraph and in the API schema clients see', () => {
    const report = checkSchemas(released, schemas(withoutCode), []);
    expect(report.ok).toBe(false);
    expect(report.breaking).toEqual([
      { schema: 'units', type: 'FIELD_REMOVED', change: 'Unit.code was removed.' },
      { schema: 'supergraph', type: 'FIELD_REMOVED', change: 'Unit.code was removed.' },
    ]);
  });

  it('fails on an argument made required and on a field made nullable', () => {
    const changed = UNITS.replace('unit(id: ID!): Unit', 'unit(id: ID!, asOf: String!): Unit').replace(
      'name: String!',
      'name: String',
    );
    const report = checkSchemas(released, schemas(changed), []);
    expect(
      report.breaking
        .filter((c) => c.schema === 'supergraph')
        .map((c) => c.type)
        .sort(),
    ).toEqual(['FIELD_CHANGED_KIND', 'REQUIRED_ARG_ADDED']);
  });

  it('passes an added optional field and argument; an added enum value is allowed as dangerous', () => {
    const added = UNITS.replace('name: String! }', 'name: String! shortName: String }').replace(
      'units(first: Int = 20)',
      'units(first: Int = 20, level: String)',
    );
    const people = PEOPLE.replace('GOOD SUSPENDED', 'GOOD SUSPENDED EXPELLED');
    const report = checkSchemas(released, schemas(added, people), []);
    expect(report.ok).toBe(true);
    expect(report.breaking).toEqual([]);
    expect(
      report.dangerous
        .filter((c) => c.schema === 'supergraph')
        .map((c) => c.type)
        .sort(),
    ).toEqual(['OPTIONAL_ARG_ADDED', 'VALUE_ADDED_TO_ENUM']);
  });

  it('passes a removed field listed as deliberate, in each schema it breaks', () => {
    const entries = [deliberate(), deliberate({ schema: 'supergraph' })];
    const report = checkSchemas(released, schemas(withoutCode), entries);
    expect(report.ok).toBe(true);
    expect(report.breaking).toEqual([]);
    expect(report.deliberate.map(({ change, entry }) => [change.schema, entry.issue])).toEqual([
      ['units', '#99'],
      ['supergraph', '#99'],
    ]);
  });

  it('still fails where the listing names another schema or another change type', () => {
    const report = checkSchemas(released, schemas(withoutCode), [
      deliberate(),
      deliberate({ schema: 'supergraph', type: 'TYPE_REMOVED' }),
    ]);
    expect(report.ok).toBe(false);
    expect(report.breaking).toEqual([
      { schema: 'supergraph', type: 'FIELD_REMOVED', change: 'Unit.code was removed.' },
    ]);
    expect(report.stale).toEqual([deliberate({ schema: 'supergraph', type: 'TYPE_REMOVED' })]);
  });

  it('fails on a listing that matches no change (the field came back)', () => {
    const report = checkSchemas(released, schemas(UNITS), [deliberate()]);
    expect(report.ok).toBe(false);
    expect(report.stale).toEqual([deliberate()]);
  });

  it('fails on a removed subgraph; a subgraph never released has nothing to break', () => {
    const current = schemas(UNITS);
    const gone = checkSchemas(released, { ...current, subgraphs: { units: UNITS } }, []);
    expect(gone.breaking).toEqual([
      { schema: 'people', type: 'SUBGRAPH_REMOVED', change: 'Subgraph people was removed.' },
    ]);
    const fresh = checkSchemas(
      { ...released, subgraphs: { units: UNITS } },
      { ...current, subgraphs: { ...current.subgraphs } },
      [],
    );
    expect(fresh).toMatchObject({ ok: true, unreleased: ['people'] });
  });

  it('sees an entity dropped from a subgraph even when the API schema keeps the type', () => {
    // people stops contributing Unit.members and the Unit entity: the gateway can no longer ask it.
    const people = PEOPLE.replace(
      'type Unit @key(fields: "id") { id: ID! members: [Person!]! }\n',
      '',
    ).replace(' unit: Unit', '');
    const report = checkSchemas(released, schemas(UNITS, people), []);
    expect(report.breaking.map((c) => `${c.schema} ${c.change}`)).toEqual(
      expect.arrayContaining([
        'people Unit was removed from union type _Entity.',
        'supergraph Unit.members was removed.',
      ]),
    );
  });
});
