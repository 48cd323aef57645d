import { graphql, buildSchema } from 'graphql';
import { ACCESS, ACCESS_DIRECTIVES_SDL, ANONYMOUS, applyAccessPolicy, createAccess, SCOPES } from '../src';
import type { Identity, SensitiveRead } from '../src';

const SDL = `${ACCESS_DIRECTIVES_SDL}
  type Person { id: ID! name: String @personal religion: String @sensitive org: String! }
  type Query { people: [Person!]! secret: String @allow(roles: ["PROVINCIAL_ADMIN"]) }
  type Mutation { declared: String @allow(roles: ["COMMITTEE_OFFICER"]) undeclared: String }
`;
const people = [
  { id: '1', name: 'An', religion: 'none', org: 'A' },
  { id: '2', name: 'Bình', religion: 'none', org: 'B' },
];

function run(identity: Identity, query: string) {
  const schema = buildSchema(SDL);
  const reads: SensitiveRead[] = [];
  const summary = applyAccessPolicy(schema, {
    scopeOf: { Person: (p: { org: string }) => ({ ancestorIds: ['P', p.org] }) },
    onSensitiveRead: (_, read) => reads.push(read),
  });
  const rootValue = { people, secret: 'x', declared: 'done', undeclared: 'done' };
  return graphql({
    schema,
    source: query,
    rootValue,
    contextValue: { [ACCESS]: createAccess(identity) },
  }).then((result) => ({ result, reads, summary }));
}

const officerA: Identity = { ...ANONYMOUS, subject: 'o', role: 'COMMITTEE_OFFICER', organisationId: 'A' };

describe('the access policy of a schema', () => {
  it('lists what it enforces', async () => {
    const { summary } = await run(ANONYMOUS, '{ __typename }');
    expect(summary).toEqual({
      personal: ['Person.name'],
      sensitive: ['Person.religion'],
      allowed: ['Query.secret', 'Mutation.declared'],
      undeclaredMutations: ['Mutation.undeclared'],
    });
  });

  it('answers personal fields within the subtree, null with FORBIDDEN outside, keeps the rest', async () => {
    const { result } = await run(officerA, '{ people { id name org } }');
    expect(result.data).toEqual({
      people: [
        { id: '1', name: 'An', org: 'A' },
        { id: '2', name: null, org: 'B' },
      ],
    });
    expect(result.errors?.map((e) => [e.path, e.extensions.code, e.extensions.reason])).toEqual([
      [['people', 1, 'name'], 'FORBIDDEN', 'PERSONAL_DATA_OUT_OF_SCOPE'],
    ]);
  });

  it('needs the scope for sensitive fields, and reports each read', async () => {
    const without = await run(officerA, '{ people { religion } }');
    expect(without.result.errors?.map((e) => e.extensions.reason)).toEqual([
      'SENSITIVE_SCOPE_REQUIRED',
      'PERSONAL_DATA_OUT_OF_SCOPE',
    ]);
    expect(without.reads).toEqual([]);
    const withScope = await run({ ...officerA, scopes: [SCOPES.sensitiveRead] }, '{ people { religion } }');
    expect(withScope.result.data).toEqual({ people: [{ religion: 'none' }, { religion: null }] });
    expect(withScope.reads).toEqual([
      { type: 'Person', field: 'religion', scope: { ancestorIds: ['P', 'A'] }, objectId: '1' },
    ]);
  });

  it('refuses roles @allow does not name, anonymous as UNAUTHENTICATED, and undeclared mutations to all', async () => {
    const anonymous = await run(ANONYMOUS, '{ secret }');
    expect(anonymous.result.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const officer = await run(officerA, 'mutation { declared undeclared }');
    expect(officer.result.data).toEqual({ declared: 'done', undeclared: null });
    expect(officer.result.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', reason: 'NOT_DECLARED' });
    const admin = await run({ ...officerA, role: 'PROVINCIAL_ADMIN' }, 'mutation { undeclared }');
    expect(admin.result.data).toEqual({ undeclared: null });
  });

  it('refuses to enforce a non-null personal field or one whose type has no scope', () => {
    expect(() =>
      applyAccessPolicy(buildSchema(`${ACCESS_DIRECTIVES_SDL} type Query { x: String! @personal }`), {
        scopeOf: { Query: () => null },
      }),
    ).toThrow(/must be nullable/);
    expect(() =>
      applyAccessPolicy(buildSchema(`${ACCESS_DIRECTIVES_SDL} type Query { x: String @personal }`), {
        scopeOf: {},
      }),
    ).toThrow(/scopeOf.Query/);
  });
});
