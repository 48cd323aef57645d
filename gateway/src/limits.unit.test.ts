import { buildSchema, parse, validate } from 'graphql';
import { limitRules } from './limits';

const schema = buildSchema(`
  type Unit { code: String parent: Unit children: [Unit] }
  type Query { unit: Unit units: [Unit] }
`);
const rules = limitRules({ maxDepth: 3, maxAliases: 2, maxRootFields: 2 });
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
});
