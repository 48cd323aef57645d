import { randomUUID } from 'node:crypto';
import { toGlobalId } from '@dangvien/graphql';
import { waitFor } from '@dangvien/testing';
import { createOrganisation, graphql, startSystem } from './harness';
import type { System } from './harness';

// Relay at the gateway: one object of every Node type, made through the API, comes back by `node`
// and all together by `nodes`, whichever subgraph owns it; unknown, malformed and out-of-scope ids
// are null (the last with the owner's error), and `nodes` takes no more ids than a page holds.

type Answer = Record<string, unknown> | null;
type Error = { extensions?: { code?: string; reason?: string; rule?: string } };

/** What each type gives back, by `... on Type` (fields of its owning subgraph). */
const FRAGMENTS = `
  __typename id
  ... on Organisation { code }
  ... on Locality { code }
  ... on Member { fullName citizenId }
  ... on Candidate { stage person { fullName } }
  ... on AdmissionPlan { year quota }
  ... on AwarenessClass { name }
  ... on ReviewPeriod { kind year }
  ... on Review { subjectKind organisation { id } }
  ... on Inspection { topic status }
`;

describe('node and nodes at the gateway', () => {
  let system: System;
  const tag = randomUUID().slice(0, 6).toUpperCase();
  const ids: Record<string, string> = {};
  const units: Record<string, string> = {};
  const citizenId = `0193${String(Date.now()).slice(-8)}`;

  /** A mutation as the province's administrator; retried until its payload has no user error. */
  async function create(name: string, type: string, input: object, field: string): Promise<string> {
    type Payload = Record<string, { id: string } | unknown[] | null>;
    const payload = await waitFor(
      async () =>
        (
          await graphql<Record<string, Payload>>(
            system.gateway.url,
            `mutation ($input: ${type}!) { ${name}(input: $input) { ${field} { id } userErrors { code message } } }`,
            { input },
          )
        ).data?.[name],
      // The organisations' events reach members and recruitment asynchronously.
      { until: (p) => Boolean(p?.[field]), timeoutMs: 120_000, description: `${name} accepted` },
    );
    return (payload![field] as { id: string }).id;
  }

  const ask = (query: string, variables: object, headers?: Record<string, string>) =>
    graphql<{ node?: Answer; nodes?: Answer[] }>(system.gateway.url, query, variables as never, headers);
  const as = async (
    claims: { role: string; org?: string; scope?: string } | null,
  ): Promise<Record<string, string>> =>
    claims ? { authorization: `Bearer ${await system.keys.token(claims)}` } : {};
  const NODE = `query ($id: ID!) { node(id: $id) { ${FRAGMENTS} } }`;
  const NODES = `query ($ids: [ID!]!) { nodes(ids: $ids) { ${FRAGMENTS} } }`;

  beforeAll(async () => {
    system = await startSystem('relay_node');
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
    units.P = await unit('P', 'PROVINCE');
    units.C = await unit('C', 'COMMUNE', units.P);
    units.A = await unit('A', 'CELL', units.C);
    units.B = await unit('B', 'CELL', units.C);
    ids.Organisation = units.A;
    ids.Locality = await create(
      'registerLocality',
      'RegisterLocalityInput',
      { code: `${tag}.V1`, name: 'Xóm Đồng Tiến', kind: 'VILLAGE', communeId: units.C, cellIds: [units.A] },
      'locality',
    );
    ids.Member = await create(
      'registerMember',
      'RegisterMemberInput',
      {
        person: {
          fullName: `Phùng Thị Mai ${tag}`,
          sex: 'FEMALE',
          dateOfBirth: '1985-03-04',
          ethnicityCode: '01',
          citizenId,
        },
        organisationId: units.A,
        decisionDate: '2012-05-19',
        ceremonyDate: '2012-06-01',
        officialDate: '2013-06-01',
      },
      'member',
    );
    ids.Candidate = await create(
      'listCandidate',
      'ListCandidateInput',
      {
        organisationId: units.A,
        sourceCategory: 'YOUNG_GRADUATE_LOCAL',
        listedOn: '2024-08-01',
        inUnitSince: '2018-01-01',
        person: {
          fullName: `Lò Văn Tâm ${tag}`,
          sex: 'MALE',
          dateOfBirth: '2001-02-03',
          ethnicityCode: '01',
        },
      },
      'candidate',
    );
    ids.AdmissionPlan = await create(
      'setAdmissionPlan',
      'SetAdmissionPlanInput',
      {
        organisationId: units.C,
        year: 2025,
        setByOrganisationId: units.P,
        quota: 4,
        targets: [],
        effectiveDate: '2025-01-10',
      },
      'admissionPlan',
    );
    ids.AwarenessClass = await create(
      'createAwarenessClass',
      'CreateAwarenessClassInput',
      {
        name: `Lớp nhận thức ${tag}`,
        organiserId: units.C,
        organiser: 'Trung tâm chính trị',
        startsOn: '2025-03-01',
        endsOn: '2025-03-07',
      },
      'awarenessClass',
    );
    ids.ReviewPeriod = await create(
      'openReviewPeriod',
      'OpenReviewPeriodInput',
      { kind: 'YEAR', year: 2025 },
      'period',
    );
    ids.Review = await create(
      'recordSelfAssessment',
      'RecordReviewStepInput',
      {
        // The period by its global id, as clients now get it.
        periodId: ids.ReviewPeriod,
        // A unit's review: a member's needs the members' events emulation reads, which no mutation
        // of the API publishes yet (see the report).
        subjectKind: 'ORGANISATION',
        subjectId: units.A,
        scores: { commonCriteria: 25, taskResults: 50 },
        tasks: { total: 10, completed: 10, onTime: 10, exceeded: 0 },
      },
      'review',
    );
    ids.Inspection = await create(
      'planInspection',
      'PlanInspectionInput',
      {
        organisationId: units.A,
        kind: 'INSPECTION',
        plannedOn: '2025-05-01',
        topic: `Kết nạp ${tag}`,
        conductedBy: 'UBKT',
      },
      'inspection',
    );
  }, 300_000);

  afterAll(async () => {
    await system?.stop();
    await system?.drop();
  });

  const expected = () => ({
    Organisation: { __typename: 'Organisation', id: ids.Organisation, code: `${tag}.A` },
    Locality: { __typename: 'Locality', id: ids.Locality, code: `${tag}.V1` },
    Member: { __typename: 'Member', id: ids.Member, fullName: `Phùng Thị Mai ${tag}`, citizenId },
    Candidate: {
      __typename: 'Candidate',
      id: ids.Candidate,
      stage: 'LISTED',
      person: { fullName: `Lò Văn Tâm ${tag}` },
    },
    AdmissionPlan: { __typename: 'AdmissionPlan', id: ids.AdmissionPlan, year: 2025, quota: 4 },
    AwarenessClass: { __typename: 'AwarenessClass', id: ids.AwarenessClass, name: `Lớp nhận thức ${tag}` },
    ReviewPeriod: { __typename: 'ReviewPeriod', id: ids.ReviewPeriod, kind: 'YEAR', year: 2025 },
    Review: {
      __typename: 'Review',
      id: ids.Review,
      subjectKind: 'ORGANISATION',
      organisation: { id: units.A },
    },
    Inspection: { __typename: 'Inspection', id: ids.Inspection, topic: `Kết nạp ${tag}`, status: 'PLANNED' },
  });

  it('answers every type by node, from the subgraph that owns it', async () => {
    const found: Record<string, unknown> = {};
    for (const [type, id] of Object.entries(ids)) {
      const response = await ask(NODE, { id });
      expect(response.errors).toBeUndefined();
      found[type] = response.data?.node;
    }
    expect(found).toEqual(expected());
  });

  it('answers them all by nodes, in order, with null for malformed and unknown ids', async () => {
    const unknown = Object.keys(ids).map((type) => toGlobalId(type, randomUUID()));
    const malformed = ['not an id', toGlobalId('NoSuchType', 'x'), toGlobalId('PageInfo', 'x')];
    const response = await ask(NODES, { ids: [...Object.values(ids), ...unknown, ...malformed] });
    expect(response.data?.nodes).toEqual([
      ...Object.values(expected()),
      ...unknown.map(() => null),
      ...malformed.map(() => null),
    ]);
  });

  it('applies the owner’s access checks: out of scope is null with its code, sensitive needs the scope', async () => {
    // A member's file and a candidate's: personal data of two subgraphs.
    const people = { ids: [ids.Member, ids.Candidate] };
    const names = (nodes: Answer[] | undefined) => (nodes ?? []).map((n) => n?.fullName ?? null);
    const codes = (errors: Error[] | undefined) =>
      (errors ?? []).map((e) => `${e.extensions?.code}:${e.extensions?.reason}`).sort();

    const ownSecretary = await ask(NODES, people, await as({ role: 'CELL_SECRETARY', org: units.A }));
    expect(names(ownSecretary.data?.nodes)).toEqual([`Phùng Thị Mai ${tag}`, null]);
    expect(ownSecretary.data?.nodes?.[0]?.citizenId).toBeNull();
    expect(codes(ownSecretary.errors)).toEqual(['FORBIDDEN:SENSITIVE_SCOPE_REQUIRED']);
    expect(ownSecretary.data?.nodes?.[1]).toMatchObject({ person: { fullName: `Lò Văn Tâm ${tag}` } });

    const otherSecretary = await ask(
      NODES,
      people,
      await as({ role: 'CELL_SECRETARY', org: units.B, scope: 'sensitive:read' }),
    );
    expect(otherSecretary.data?.nodes).toEqual([null, null]);
    expect(codes(otherSecretary.errors)).toEqual(
      Array.from({ length: 2 }, () => 'FORBIDDEN:PERSONAL_DATA_OUT_OF_SCOPE'),
    );

    const anonymous = await ask(NODES, people, await as(null));
    expect(anonymous.data?.nodes).toEqual([null, null]);
    expect(codes(anonymous.errors)).toEqual(
      Array.from({ length: 2 }, () => 'UNAUTHENTICATED:PERSONAL_DATA_OUT_OF_SCOPE'),
    );
  });

  it('refuses more ids than a page holds, before reading any', async () => {
    const response = await ask(NODES, { ids: Array.from({ length: 101 }, () => ids.Organisation) });
    expect(response.data?.nodes ?? null).toBeNull();
    expect(response.errors?.map((e: Error) => e.extensions?.rule)).toEqual(['TOO_MANY_IDS']);
  });
});
