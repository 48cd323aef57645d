import { randomUUID } from 'node:crypto';
import { waitFor } from '@dangvien/testing';
import { createOrganisation, graphql, startSystem } from './harness';
import type { System } from './harness';

/**
 * The emulation service's facts from the other services' real events, through the gateway: members
 * registered, one disciplined and one exempted in the members service, an admission plan set in the
 * recruitment service. Scores, the disqualifier and the refusal to grade follow from those events
 * alone (nothing is produced by hand here).
 */
describe('emulation from the members and recruitment services, through the gateway', () => {
  let system: System;
  const prefix = `ES${Date.now().toString(36).toUpperCase()}${randomUUID().slice(0, 4).toUpperCase()}`;
  const ids: Record<string, string> = {};
  const members: string[] = [];

  const call = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await graphql<T>(system.gateway.url, query, variables);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const mutate = async (name: string, input: Record<string, unknown>, select = 'member { id }') => {
    const type = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
    const data = await call<Record<string, Record<string, unknown> & { userErrors: unknown[] }>>(
      `mutation ($input: ${type}!) { ${name}(input: $input) { ${select} userErrors { code message } } }`,
      { input },
    );
    expect({ name, errors: data[name]!.userErrors }).toEqual({ name, errors: [] });
    return data[name]!;
  };
  const decision = { number: '07-QĐ/ĐU', date: '2025-04-01', issuedBy: 'Đảng ủy xã' };

  beforeAll(async () => {
    system = await startSystem('emulation_sources');
    for (const [key, level, parent] of [
      ['P', 'PROVINCE', null],
      ['C', 'COMMUNE', 'P'],
      ['K', 'CELL', 'C'],
    ] as const) {
      ids[key] = await createOrganisation(system.gateway.url, {
        code: `${prefix}.${key}`,
        name: `Đơn vị ${key}`,
        level,
        sector: level === 'PROVINCE' ? 'STATE_AGENCY' : 'RESIDENTIAL',
        parentId: parent ? ids[parent] : null,
        effectiveDate: '2020-01-01',
      });
    }
  }, 120_000);
  afterAll(async () => {
    await system.stop();
    await system.drop();
  });

  it('scores the plan, counts registrations and discipline, disqualifies and refuses to grade from their events', async () => {
    // Ten official members on K's list since 2020 (the tree reaches the members service over Kafka).
    for (let i = 0; i < 10; i += 1) {
      const input = {
        person: {
          fullName: `Đảng Viên ${i}`,
          sex: i % 2 ? 'MALE' : 'FEMALE',
          dateOfBirth: '1980-04-04',
          ethnicityCode: '01',
          generalEducation: '12/12',
          partyCardNumber: String(70_000_000 + Math.floor(Math.random() * 20_000_000)),
        },
        organisationId: ids.K,
        decisionDate: '2012-05-19',
        ceremonyDate: '2012-06-01',
        officialDate: '2013-06-01',
        memberSince: '2020-02-01',
      };
      const id = await waitFor(
        async () => {
          const response = await graphql<{ registerMember: { member: { id: string } | null } }>(
            system.gateway.url,
            'mutation ($input: RegisterMemberInput!) { registerMember(input: $input) { member { id } } }',
            { input },
          );
          return response.data?.registerMember.member?.id;
        },
        { timeoutMs: 120_000, description: 'the tree in the members service' },
      );
      members.push(id);
    }
    await mutate('recordDiscipline', {
      id: members[0],
      form: 'REPRIMAND',
      effectiveDate: '2025-04-01',
      reason: 'Vi phạm quy định sinh hoạt',
      decision,
    });
    await mutate('exemptMember', {
      id: members[1],
      effectiveDate: '2025-06-01',
      reason: 'Tuổi cao, sức yếu',
    });
    // Recruitment learns the tree from the same topic, at its own pace: the plan waits for it.
    const plan = await waitFor(
      async () => {
        const response = await graphql<{
          setAdmissionPlan: { admissionPlan: { id: string } | null; userErrors: { code: string }[] };
        }>(
          system.gateway.url,
          `
            mutation ($input: SetAdmissionPlanInput!) {
              setAdmissionPlan(input: $input) {
                admissionPlan {
                  id
                }
                userErrors {
                  code
                }
              }
            }
          `,
          {
            input: {
              organisationId: ids.C,
              year: 2025,
              setByOrganisationId: ids.P,
              quota: 2,
              targets: [{ category: 'WOMEN', count: 1 }],
              effectiveDate: '2025-01-15',
            },
          },
        );
        const payload = response.data?.setAdmissionPlan;
        if (payload?.userErrors.some((e) => e.code !== 'ORGANISATION_NOT_FOUND')) return payload;
        return payload?.admissionPlan ? payload : undefined;
      },
      { timeoutMs: 120_000, description: 'the tree in the recruitment service' },
    );
    expect(plan.userErrors).toEqual([]);

    // C in 2025: 10 members at the start, none admitted; 0 of the quota of 2 and 0 of 1 structure
    // target; 1 of 10 disciplined (10%: over the 5% that gives no point).
    type Line = {
      criterion: string;
      applicable: boolean;
      numerator: number | null;
      denominator: number | null;
    };
    const lines = await waitFor(
      async () => {
        const data = await call<{ organisation: { emulation: { breakdown: Line[] } | null } }>(
          `query ($id: ID!) { organisation(id: $id) { emulation(year: 2025) {
            breakdown { criterion applicable numerator denominator } } } }`,
          { id: ids.C },
        );
        const byCriterion = Object.fromEntries(
          (data.organisation.emulation?.breakdown ?? [])
            .filter((l) => l.applicable)
            .map((l) => [l.criterion, [l.numerator, l.denominator]]),
        );
        // Every registration, the discipline and the plan arrived (each on its own topic and pace).
        const arrived =
          byCriterion.ADMISSION_RATE?.[1] === 10 &&
          byCriterion.ADMISSIONS_AGAINST_QUOTA &&
          byCriterion.DISCIPLINED_MEMBERS;
        return arrived ? byCriterion : null;
      },
      { timeoutMs: 120_000, description: 'the plan and the discipline in the emulation service' },
    );
    expect(lines).toEqual({
      ADMISSION_RATE: [0, 10],
      ADMISSIONS_AGAINST_QUOTA: [0, 2],
      ADMISSION_STRUCTURE: [0, 1],
      DISCIPLINED_MEMBERS: [1, 10],
      INSPECTION_REGULARITY: [0, 1],
    });

    const opened = await mutate('openReviewPeriod', { kind: 'YEAR', year: 2025 }, 'period { id }');
    expect(opened.period).toEqual({ id: expect.any(String) });
    const SELF = `mutation ($input: RecordReviewStepInput!) { recordSelfAssessment(input: $input) {
      review { selfAssessment { level disqualifiers } } userErrors { code } } }`;
    const selfAssess = (memberId: string) =>
      call<{
        recordSelfAssessment: {
          review: { selfAssessment: { level: string; disqualifiers: string[] } } | null;
          userErrors: { code: string }[];
        };
      }>(SELF, {
        input: {
          periodId: '2025',
          subjectKind: 'MEMBER',
          subjectId: memberId,
          scores: { commonCriteria: 25, taskResults: 50 },
          tasks: { total: 10, completed: 10, onTime: 10, exceeded: 0 },
        },
      }).then((d) => d.recordSelfAssessment);
    expect(await selfAssess(members[0]!)).toEqual({
      review: { selfAssessment: { level: 'NOT_COMPLETED', disqualifiers: ['DISCIPLINED_IN_YEAR'] } },
      userErrors: [],
    });
    expect(await selfAssess(members[1]!)).toEqual({
      review: null,
      userErrors: [{ code: 'MEMBER_NOT_GRADED_EXEMPTED' }],
    });
    expect(await selfAssess(members[2]!)).toEqual({
      review: { selfAssessment: { level: 'GOOD', disqualifiers: [] } },
      userErrors: [],
    });
  }, 300_000);
});
