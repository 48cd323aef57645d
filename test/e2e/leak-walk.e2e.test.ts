import { randomUUID } from 'node:crypto';
import { createIdentitySigner, IDENTITY_HEADER } from '@dangvien/auth';
import type { Identity } from '@dangvien/auth';
import { fromGlobalId } from '@dangvien/graphql';
import { waitFor } from '@dangvien/testing';
import { createOrganisation, graphql, startSystem } from './harness';
import type { System } from './harness';
import { selection, sensitiveFields } from './supergraph-fields';

// The leak walk: every role (no token, and straight to each subgraph unsigned, too) asks for a member
// and a candidate of a small tree by every path — by id, card, lists, audits, deadlines, entity
// references, `node`, `nodes` — with every field their supergraph types give. No caller finds values
// not meant for it in any answer, nor sensitive ones without the scope; only covering writers write.

describe('the leak walk: every role, every path to a person, through the gateway and around it', () => {
  let system: System;
  const tag = randomUUID().slice(0, 6).toUpperCase();
  const ids: Record<string, string> = {};
  const raw = (globalId: string) => fromGlobalId(globalId)!.id;
  // Values that appear nowhere else, so that a leak is found wherever it hides in an answer.
  const secret = {
    memberName: `Đinh Thị Lộc ${tag}`,
    citizenId: `0191${String(Date.now()).slice(-8)}`,
    history: `Lịch sử riêng ${tag}`,
    card: String(Date.now()).slice(-8),
    candidateName: `Hà Văn Khải ${tag}`,
    candidateCitizenId: `0192${String(Date.now()).slice(-8)}`,
  };
  let [memberId, candidateId] = ['', ''];

  beforeAll(async () => {
    system = await startSystem('leak_walk');
    const url = system.gateway.url;
    const unit = (code: string, level: string, parentId?: string) =>
      createOrganisation(url, {
        code: `${tag}.${code}`,
        name: `Đơn vị ${code}`,
        level,
        sector: level === 'PROVINCE' ? 'STATE_AGENCY' : 'RESIDENTIAL',
        ...(parentId ? { parentId } : {}),
        effectiveDate: '2020-01-01',
      });
    ids.P = await unit('P', 'PROVINCE');
    ids.C1 = await unit('C1', 'COMMUNE', ids.P);
    ids.C2 = await unit('C2', 'COMMUNE', ids.P);
    ids.A1 = await unit('A1', 'CELL', ids.C1);
    ids.B1 = await unit('B1', 'CELL', ids.C2);
    memberId = await waitFor(
      async () =>
        (
          await graphql<{ registerMember: { member: { id: string } | null } }>(
            url,
            `
              mutation ($input: RegisterMemberInput!) {
                registerMember(input: $input) {
                  member {
                    id
                  }
                }
              }
            `,
            {
              input: {
                person: {
                  fullName: secret.memberName,
                  sex: 'FEMALE',
                  dateOfBirth: '1986-04-02',
                  ethnicityCode: '02',
                  religion: 'BUDDHISM',
                  citizenId: secret.citizenId,
                  personalHistory: secret.history,
                  partyCardNumber: secret.card,
                },
                organisationId: ids.A1,
                decisionDate: '2012-05-19',
                ceremonyDate: '2012-06-01',
                officialDate: '2013-06-01',
              },
            },
          )
        ).data?.registerMember.member?.id,
      { timeoutMs: 120_000, description: 'the tree in the members service' },
    );
    candidateId = await waitFor(
      async () =>
        (
          await graphql<{ listCandidate: { candidate: { id: string } | null } }>(
            url,
            `
              mutation ($input: ListCandidateInput!) {
                listCandidate(input: $input) {
                  candidate {
                    id
                  }
                }
              }
            `,
            {
              input: {
                organisationId: ids.A1,
                sourceCategory: 'YOUNG_GRADUATE_LOCAL',
                listedOn: '2024-08-01',
                inUnitSince: '2018-01-01',
                person: {
                  fullName: secret.candidateName,
                  sex: 'MALE',
                  dateOfBirth: '2001-02-03',
                  ethnicityCode: '01',
                  citizenId: secret.candidateCitizenId,
                },
              },
            },
          )
        ).data?.listCandidate.candidate?.id,
      { timeoutMs: 120_000, description: 'the tree in the recruitment service' },
    );
  }, 300_000);

  afterAll(async () => {
    await system?.stop();
    await system?.drop();
  });

  /** Every path to the member and the candidate, each with every field their types give. */
  const paths = () => [
    { query: `query ($id: ID!) { member(id: $id) { ${selection('Member')} } }`, variables: { id: memberId } },
    {
      query: `query ($n: String!) { memberByPartyCard(number: $n) { fullName citizenId } }`,
      variables: { n: secret.card },
    },
    { query: `query ($u: ID!) { members(under: $u) { nodes { fullName } } }`, variables: { u: ids.P } },
    { query: `query ($u: ID!) { members(under: $u) { nodes { fullName } } }`, variables: { u: ids.C1 } },
    {
      query: `query ($id: ID!) { organisation(id: $id) {
        members(includeSubtree: true) { nodes { fullName religion } }
        memberAudit { nodes { member { fullName } changes { field after } } }
        membersAwaitingPlacement { nodes { fullName } }
        pendingTransfers { nodes { member { fullName } } }
      } }`,
      variables: { id: ids.C1 },
    },
    {
      query: `query ($id: ID!) { candidate(id: $id) { id person { ${selection('Person')} } } }`,
      variables: { id: candidateId },
    },
    {
      query: `query ($u: ID!) { candidates(under: $u) { nodes { person { fullName citizenId } } } }`,
      variables: { u: ids.C1 },
    },
    {
      query: `query ($u: ID!) { recruitmentDeadlines(under: $u, statuses: [OPEN, DUE_SOON, PASSED]) { nodes { candidate { person { fullName } } } } }`,
      variables: { u: ids.C1 },
    },
    // Relay's paths: the owning subgraph checks them as it checks its own queries.
    {
      query: `query ($id: ID!) { node(id: $id) { id ... on Member { ${selection('Member')} } } }`,
      variables: { id: memberId },
    },
    {
      query: `query ($ids: [ID!]!) { nodes(ids: $ids) {
        ... on Member { ${selection('Member')} }
        ... on Candidate { person { ${selection('Person')} } }
      } }`,
      variables: { ids: [candidateId, memberId] },
    },
  ];

  const personal = () => [secret.memberName, secret.candidateName, secret.card];
  const sensitive = () => [secret.citizenId, secret.history, secret.candidateCitizenId, 'BUDDHISM'];

  type Role = { role: string; org?: string; member?: string; scope?: string };
  type Rule = { claims: Role | null; personal: boolean | string[]; sensitive: boolean };
  const roles = (): Record<string, Rule> => ({
    adminWithScope: {
      claims: { role: 'PROVINCIAL_ADMIN', scope: 'sensitive:read' },
      personal: true,
      sensitive: true,
    },
    admin: { claims: { role: 'PROVINCIAL_ADMIN' }, personal: true, sensitive: false },
    communeOfficerWithScope: {
      claims: { role: 'COMMITTEE_OFFICER', org: ids.C1!, scope: 'sensitive:read' },
      personal: true,
      sensitive: true,
    },
    cellSecretary: { claims: { role: 'CELL_SECRETARY', org: ids.A1! }, personal: true, sensitive: false },
    otherCommuneOfficer: {
      claims: { role: 'COMMITTEE_OFFICER', org: ids.C2!, scope: 'sensitive:read' },
      personal: false,
      sensitive: false,
    },
    otherCellSecretary: {
      claims: { role: 'CELL_SECRETARY', org: ids.B1!, scope: 'sensitive:read' },
      personal: false,
      sensitive: false,
    },
    otherAuditor: {
      claims: { role: 'AUDITOR', org: ids.C2!, scope: 'sensitive:read' },
      personal: false,
      sensitive: false,
    },
    // Their own file (and the sensitive fields of it, with the scope), not the candidate's.
    theMember: {
      claims: { role: 'MEMBER', member: raw(memberId), scope: 'sensitive:read' },
      personal: [secret.memberName, secret.card],
      sensitive: false,
    },
    anotherMember: {
      claims: { role: 'MEMBER', member: 'not-this-one', scope: 'sensitive:read' },
      personal: false,
      sensitive: false,
    },
    integrator: {
      claims: { role: 'INTEGRATOR', scope: 'sensitive:read' },
      personal: false,
      sensitive: false,
    },
    anonymous: { claims: null, personal: false, sensitive: false },
  });

  it('gives each caller the people of its scope and nothing else, by every path', async () => {
    const found: Record<string, { personal: string[]; sensitive: string[] }> = {};
    // Every path answers the province's scoped administrator in full: a refused path walks nothing.
    const refusedToAdmin: unknown[] = [];
    for (const [name, { claims }] of Object.entries(roles())) {
      const headers: Record<string, string> = claims
        ? { authorization: `Bearer ${await system.keys.token(claims)}` }
        : {};
      const answers: string[] = [];
      for (const path of paths()) {
        const answer = await graphql(system.gateway.url, path.query, path.variables, headers);
        if (name === 'adminWithScope') refusedToAdmin.push(...(answer.errors ?? []));
        answers.push(JSON.stringify(answer));
      }
      const all = answers.join('\n');
      found[name] = {
        personal: personal().filter((value) => all.includes(value)),
        sensitive: sensitive().filter((value) => all.includes(value)),
      };
    }
    const expected = Object.fromEntries(
      Object.entries(roles()).map(([name, rule]) => [
        name,
        {
          personal: Array.isArray(rule.personal) ? rule.personal : rule.personal ? personal() : [],
          sensitive: rule.sensitive
            ? sensitive()
            : name === 'theMember'
              ? [secret.citizenId, secret.history, 'BUDDHISM']
              : [],
        },
      ]),
    );
    expect(refusedToAdmin).toEqual([]);
    expect(found).toEqual(expected);
    // The walk asked for every sensitive field the supergraph declares on the people it reached.
    expect({ member: sensitiveFields('Member'), person: sensitiveFields('Person') }).toEqual({
      member: ['ethnicity', 'religion', 'personalHistory', 'citizenId'],
      person: ['ethnicityCode', 'religion', 'citizenId'],
    });
  });

  it('answers nothing personal straight from a subgraph without the gateway’s signature', async () => {
    const admin: Identity = {
      subject: 'walker',
      role: 'PROVINCIAL_ADMIN',
      organisationId: null,
      memberId: null,
      scopes: ['sensitive:read'],
    };
    const signer = await createIdentitySigner(JSON.parse(system.keys.gateway.IDENTITY_SIGNING_KEY));
    const direct = {
      members: {
        query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Member { fullName citizenId } } }`,
        variables: { r: [{ __typename: 'Member', id: memberId }] },
      },
      recruitment: {
        query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Candidate { person { fullName citizenId } } } }`,
        variables: { r: [{ __typename: 'Candidate', id: candidateId }] },
      },
    };
    const seen: Record<string, Record<string, boolean>> = {};
    for (const [service, { query, variables }] of Object.entries(direct)) {
      const url = system.services[service]!.url;
      const ask = async (headers: Record<string, string>) =>
        JSON.stringify(await graphql(url, query, variables, headers)).includes(
          service === 'members' ? secret.citizenId : secret.candidateCitizenId,
        );
      seen[service] = {
        noHeader: await ask({}),
        unsigned: await ask({ [IDENTITY_HEADER]: JSON.stringify(admin) }),
        forged: await ask({ [IDENTITY_HEADER]: `${(await signer.sign(admin)).slice(0, -4)}AAAA` }),
        signedByTheGateway: await ask({ [IDENTITY_HEADER]: await signer.sign(admin) }),
      };
    }
    const only = { noHeader: false, unsigned: false, forged: false, signedByTheGateway: true };
    expect(seen).toEqual({ members: only, recruitment: only });
  });

  it('lets only writers covering the file change it', async () => {
    const change = async (claims: Role | null) => {
      const headers: Record<string, string> = claims
        ? { authorization: `Bearer ${await system.keys.token(claims)}` }
        : {};
      const response = await graphql<{ updateMemberProfile: { member: { version: number } | null } | null }>(
        system.gateway.url,
        `
          mutation ($input: UpdateMemberProfileInput!) {
            updateMemberProfile(input: $input) {
              member {
                version
              }
              userErrors {
                code
              }
            }
          }
        `,
        {
          input: {
            id: memberId,
            changes: { occupation: `Nghề ${randomUUID().slice(0, 4)}` },
            reason: 'Đính chính',
          },
        },
        headers,
      );
      return response.data?.updateMemberProfile?.member
        ? 'changed'
        : (response.errors?.[0]?.extensions?.reason ?? 'refused');
    };
    const outcome = Object.fromEntries(
      await Promise.all(
        Object.entries(roles()).map(async ([name, { claims }]) => [name, await change(claims)] as const),
      ),
    );
    expect(outcome).toEqual({
      adminWithScope: 'changed',
      admin: 'changed',
      communeOfficerWithScope: 'changed',
      cellSecretary: 'changed',
      otherCommuneOfficer: 'WRITE_OUT_OF_SCOPE',
      otherCellSecretary: 'WRITE_OUT_OF_SCOPE',
      otherAuditor: 'ROLE_NOT_ALLOWED',
      theMember: 'ROLE_NOT_ALLOWED',
      anotherMember: 'ROLE_NOT_ALLOWED',
      integrator: 'ROLE_NOT_ALLOWED',
      anonymous: 'ROLE_NOT_ALLOWED',
    });
  });
});
