import { buildSchema, parse, validate } from 'graphql';
import type { OperationDefinitionNode } from 'graphql';
import { operationCost } from './cost';
import { limitRules } from './limits';

const schema = buildSchema(`
  type Unit { code: String parent: Unit children: [Unit] members(first: Int = 20): MemberConnection }
  type Member { name: String introducers: [Member!]! }
  type MemberConnection { nodes: [Member!]! }
  type Query { unit: Unit units: [Unit] nodes(ids: [ID!]!): [Unit]! }
`);
const rules = limitRules({ maxDepth: 3, maxAliases: 2, maxRootFields: 2, maxCost: 1_000_000 });
const reasons = (query: string) =>
  validate(schema, parse(query), rules).map((error) => error.extensions.reason);

describe('operation limits', () => {
  it('counts depth through fragments and inline fragments, not introspection fields', () => {
    expect(reasons('{ unit { parent { code } } }')).toEqual([]);
    expect(reasons('{ unit { parent { parent { code } } } }')).toEqual(['MAX_DEPTH_EXCEEDED']);
    expect(
      reasons('{ unit { ...F } } fragment F on Unit { parent { ... on Unit { parent { code } } } }'),
    ).toEqual(['MAX_DEPTH_EXCEEDED']);
    expect(reasons('{ unit { parent { __typename } } __schema { types { fields { name } } } }')).toEqual([]);
  });

  it('survives a fragment cycle (reported by the standard rules, not looped on)', () => {
    expect(reasons('{ unit { ...A } } fragment A on Unit { parent { ...A } }')).toEqual([]);
  });

  it('counts aliases in the whole document and root fields per operation, fragments included', () => {
    expect(reasons('{ a: unit { code } b: unit { code } }')).toEqual([]);
    expect(reasons('{ a: unit { x: code } b: unit { code } c: units { code } }')).toEqual([
      'MAX_ROOT_FIELDS_EXCEEDED',
      'MAX_ALIASES_EXCEEDED',
    ]);
    expect(
      reasons('{ unit { code } ...R } fragment R on Query { units { code } other: unit { code } }'),
    ).toEqual(['MAX_ROOT_FIELDS_EXCEEDED']);
  });

  it('costs fields times the list sizes above them: page sizes, their defaults, variables at the maximum', () => {
    const cost = (query: string) => {
      const document = parse(query);
      const operation = document.definitions[0] as OperationDefinitionNode;
      return operationCost(schema, operation, {}, { maxPageSize: 100, assumedListSize: 10 });
    };
    // unit 1 + members 1 + first × (nodes 1 + name 1): the page is the connection's nodes, once.
    expect(cost('{ unit { members(first: 5) { nodes { name } } } }')).toBe(2 + 5 * 2);
    expect(cost('{ unit { members { nodes { name } } } }')).toBe(2 + 20 * 2);
    expect(cost('query ($n: Int) { unit { members(first: $n) { nodes { name } } } }')).toBe(2 + 100 * 2);
    expect(cost('query ($n: Int = 3) { unit { members(first: $n) { nodes { name } } } }')).toBe(2 + 3 * 2);
    // Lists multiply: 100 members × 10 introducers (assumed) × 10 introducers each.
    expect(cost('{ unit { members(first: 100) { nodes { introducers { introducers { name } } } } } }')).toBe(
      2 + 100 * (1 + (1 + 10 * (1 + 10 * 1))),
    );
    // Lists by ids: as many as the ids given, the page-size maximum for a variable.
    expect(cost('{ nodes(ids: ["a", "b", "c"]) { code } }')).toBe(1 + 3 * 1);
    expect(cost('query ($ids: [ID!]!) { nodes(ids: $ids) { code children { code } } }')).toBe(
      1 + 100 * (1 + 1 + 10 * 1),
    );
    const strict = limitRules({ maxDepth: 10, maxAliases: 10, maxRootFields: 10, maxCost: 500 });
    const refused = (query: string) =>
      validate(schema, parse(query), strict).map((error) => error.extensions.reason);
    expect(refused('{ unit { members(first: 5) { nodes { name } } } }')).toEqual([]);
    expect(refused('{ unit { members(first: 100) { nodes { introducers { name } } } } }')).toEqual([
      'MAX_COST_EXCEEDED',
    ]);
  });
});
