import { randomUUID } from 'node:crypto';
import { createWorkingCalendar } from '@dangvien/calendar-vn';
import {
  createEvent,
  EVENT_TOPIC,
  EVENT_TYPES,
  ownedTopics,
  toKafkaRecord,
  TOPICS,
} from '@dangvien/contracts';
import type { EventEnvelope } from '@dangvien/contracts';
import { addDays, todayInVietnam } from '@dangvien/domain';
import { fromGlobalId, toGlobalId } from '@dangvien/graphql';
import { ensureTopics } from '@dangvien/kafka';
import { createTestKafka, readTopicMessages, waitFor } from '@dangvien/testing';
import type { Producer } from 'kafkajs';
import { createOrganisation, graphql, startSystem } from './harness';
import type { System } from './harness';

type Payload = { userErrors: { code: string; message: string }[]; [k: string]: unknown };

/**
 * Through the gateway: a plan for a commune and its cell, a candidate from the list to official
 * member with every step, the plan's progress and the funnel moving, and the warning for an overdue
 * step appearing and clearing, on the integrators' topic too. The members service is not in the list
 * yet: the test publishes the member events it would (the cell's official members).
 */
describe('recruitment through the gateway', () => {
  let system: System;
  let producer: Producer;
  const kafka = createTestKafka('recruitment-e2e');
  const calendar = createWorkingCalendar();
  const today = todayInVietnam();

  async function mutate(
    name: string,
    type: string,
    input: Record<string, unknown>,
    fields = 'candidate { id stage }',
  ) {
    const response = await graphql<Record<string, Payload>>(
      system.gateway.url,
      `mutation ($input: ${type}!) { ${name}(input: $input) { ${fields} userErrors { code message } } }`,
      { input },
    );
    expect(response.errors).toBeUndefined();
    return response.data![name]!;
  }

  jest.setTimeout(180_000);

  beforeAll(async () => {
    system = await startSystem('e2e_rec');
    await ensureTopics(kafka, ownedTopics('members'));
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await system?.stop();
    await system?.drop();
  });

  it('takes a candidate to official member, moves the plan and the funnel, raises and clears an overdue warning', async () => {
    const tag = `RC${Date.now().toString(36).toUpperCase()}`;
    const url = system.gateway.url;
    const province = await createOrganisation(url, {
      code: `${tag}.P`,
      name: 'Đảng bộ tỉnh',
      level: 'PROVINCE',
      sector: 'STATE_AGENCY',
      effectiveDate: '2020-01-01',
    });
    const commune = await createOrganisation(url, {
      code: `${tag}.C`,
      name: 'Đảng bộ xã Tân Linh',
      level: 'COMMUNE',
      sector: 'RESIDENTIAL',
      parentId: province,
      effectiveDate: '2020-01-01',
    });
    const cell = await createOrganisation(url, {
      code: `${tag}.A`,
      name: 'Chi bộ xóm Đồng Cả',
      level: 'CELL',
      sector: 'RESIDENTIAL',
      parentId: commune,
      effectiveDate: '2020-01-01',
    });
    const raw = (id: string) => fromGlobalId(id)!.id;

    // Nine official members of the cell since 2011, as the members service would publish them.
    const members = Array.from({ length: 9 }, () => randomUUID());
    const events: EventEnvelope[] = members.flatMap((id) => [
      createEvent(EVENT_TYPES.MemberAdmitted, id, 1, {
        memberId: id,
        organisationId: raw(cell),
        decisionDate: '2010-01-01',
        ceremonyDate: '2010-01-15',
      }),
      createEvent(EVENT_TYPES.MemberRecognisedOfficial, id, 2, {
        memberId: id,
        organisationId: raw(cell),
        officialDate: '2011-01-15',
      }),
    ]);
    for (const event of events)
      await producer.send({ topic: EVENT_TOPIC[event.type], messages: [toKafkaRecord(event)] });

    const plan = (organisationId: string, setBy: string, quota: number, targets: object[]) =>
      mutate(
        'setAdmissionPlan',
        'SetAdmissionPlanInput',
        {
          organisationId,
          year: 2025,
          setByOrganisationId: setBy,
          quota,
          targets,
          effectiveDate: '2025-01-10',
        },
        'admissionPlan { id }',
      );
    // The organisations events reach recruitment asynchronously: retry until the commune is known.
    const accepted = {
      until: (r: { userErrors: unknown[] }) => r.userErrors.length === 0,
      timeoutMs: 60_000,
    };
    await waitFor(() => plan(commune, province, 6, [{ category: 'WOMEN', count: 3 }]), {
      ...accepted,
      description: 'the commune known to recruitment and its plan set',
    });
    await waitFor(() => plan(cell, commune, 2, []), { ...accepted, description: 'the cell’s plan set' });

    const person = {
      fullName: 'Lương Thị Hoa',
      sex: 'FEMALE',
      dateOfBirth: '2000-05-01',
      ethnicityCode: '02',
    };
    const list = () =>
      mutate('listCandidate', 'ListCandidateInput', {
        organisationId: cell,
        sourceCategory: 'YOUNG_GRADUATE_LOCAL',
        listedOn: '2024-08-01',
        inUnitSince: '2018-01-01',
        person,
      });
    const listed = await list();
    expect(listed.userErrors).toEqual([]);
    const id = (listed.candidate as { id: string }).id;
    const step = (date: string, extra: object = {}) => ({
      candidateId: id,
      date,
      actor: 'Chi bộ xóm Đồng Cả',
      ...extra,
    });
    const expectStep = async (name: string, type: string, input: object) =>
      expect((await mutate(name, type, input as never)).userErrors).toEqual([]);
    await expectStep('recordCertificate', 'RecordCertificateInput', step('2024-09-20', { number: 'GCN-7' }));
    await expectStep('recordApplication', 'StepInput', step('2024-10-01'));
    await expectStep('recordPersonalHistory', 'StepInput', step('2024-10-10'));
    await expectStep(
      'recordIntroduction',
      'RecordIntroductionInput',
      step('2024-11-01', {
        kind: 'TWO_MEMBERS',
        memberIds: members.slice(0, 2).map((m) => toGlobalId('Member', m)),
      }),
    );
    await expectStep('recordVerification', 'StepInput', step('2024-12-02', { reference: 'KL-9' }));
    await expectStep(
      'recordCellResolution',
      'RecordCellVoteInput',
      step('2025-01-06', { present: 8, votesFor: 7, votesAgainst: 1 }),
    );
    await expectStep(
      'recordCommitteeResolution',
      'RecordCommitteeResolutionInput',
      step('2025-01-14', { members: 7, votesFor: 6 }),
    );
    await expectStep(
      'recordAdmissionDecision',
      'RecordAdmissionDecisionInput',
      step('2025-02-20', { reference: '45-QĐ/ĐU' }),
    );
    await expectStep('recordCeremony', 'RecordCeremonyInput', step('2025-03-03'));
    await expectStep('fileMemberForm', 'FileMemberFormInput', { candidateId: id, date: '2025-03-20' });
    await expectStep(
      'recordRecognitionVote',
      'RecordCellVoteInput',
      step('2026-03-10', { present: 9, votesFor: 9, votesAgainst: 0 }),
    );
    await expectStep('recogniseOfficialMember', 'StepInput', step('2026-03-25', { reference: '88-QĐ/ĐU' }));

    const read = await graphql<{
      candidate: { stage: string; officialDate: string; organisation: { name: string; code: string } };
      admissionFunnel: { stages: { stage: string; reached: number }[] };
      admissionPlan: { progress: { admitted: number; byCategory: { admitted: number }[] }; gap: number };
      admissionPlans: {
        totalCount: number;
        nodes: { organisation: { code: string }; children: { nodes: { quota: number }[] } }[];
        pageInfo: { hasNextPage: boolean };
      };
    }>(
      url,
      `
        query ($id: ID!, $commune: ID!) {
          candidate(id: $id) {
            stage
            officialDate
            organisation {
              name
              code
            }
          }
          admissionFunnel(under: $commune, year: 2025) {
            stages {
              stage
              reached
            }
          }
          admissionPlan(organisationId: $commune, year: 2025, asOf: "2025-12-31") {
            gap
            progress {
              admitted
              byCategory {
                admitted
              }
            }
          }
          admissionPlans(under: $commune, year: 2025, first: 1) {
            totalCount
            nodes {
              organisation {
                code
              }
              children {
                nodes {
                  quota
                }
              }
            }
            pageInfo {
              hasNextPage
            }
          }
        }
      `,
      { id, commune },
    );
    expect(read.errors).toBeUndefined();
    // The organisation's name comes from the organisations subgraph: the entity is federated.
    expect(read.data!.candidate).toEqual({
      stage: 'OFFICIAL',
      officialDate: '2026-03-03',
      organisation: { name: 'Chi bộ xóm Đồng Cả', code: `${tag}.A` },
    });
    expect(read.data!.admissionPlan).toEqual({
      gap: 4,
      progress: { admitted: 1, byCategory: [{ admitted: 1 }] },
    });
    // The subtree's plans page top down: the commune's first, with the cell's as its child.
    expect(read.data!.admissionPlans).toEqual({
      totalCount: 2,
      nodes: [{ organisation: { code: `${tag}.C` }, children: { nodes: [{ quota: 2 }] } }],
      pageInfo: { hasNextPage: true },
    });
    // The members service created the member from the handover, with the procedure's dates.
    const admitted = await graphql<{ candidate: { memberId: string } }>(
      url,
      'query ($id: ID!) { candidate(id: $id) { memberId } }',
      { id },
    );
    const memberId = admitted.data!.candidate.memberId;
    const member = await waitFor(
      async () =>
        (
          await graphql<{ member: Record<string, unknown> | null }>(
            url,
            `
              query ($id: ID!) {
                member(id: $id) {
                  fullName
                  status
                  decisionDate
                  decisionNumber
                  ceremonyDate
                  officialDate
                  organisation {
                    code
                  }
                }
              }
            `,
            { id: memberId },
          )
        ).data?.member,
      {
        until: (m) => m?.status === 'OFFICIAL',
        timeoutMs: 60_000,
        description: 'the admitted member official in the members service',
      },
    );
    expect(member).toEqual({
      fullName: 'Lương Thị Hoa',
      status: 'OFFICIAL',
      decisionDate: '2025-02-20',
      decisionNumber: '45-QĐ/ĐU',
      ceremonyDate: '2025-03-03',
      officialDate: '2026-03-03',
      organisation: { code: `${tag}.A` },
    });

    const reached = Object.fromEntries(read.data!.admissionFunnel.stages.map((s) => [s.stage, s.reached]));
    expect(reached).toMatchObject({ CELL_RESOLVED: 1, GRASSROOTS_RESOLVED: 1, DECIDED: 1, PROBATIONARY: 1 });

    // A second candidate whose cell voted 75 working days ago: the decision (60) is overdue, the
    // extension (90) still open.
    let voted = today;
    while (calendar.workingDaysBetween(voted, today) < 75) voted = addDays(voted, -1);
    const late = await list();
    const lateId = (late.candidate as { id: string }).id;
    const lateStep = (date: string, extra: object = {}) => ({
      candidateId: lateId,
      date,
      actor: 'Chi bộ xóm Đồng Cả',
      ...extra,
    });
    const before = addDays(voted, -30);
    await expectStep('recordCertificate', 'RecordCertificateInput', lateStep(before, { number: 'GCN-8' }));
    await expectStep('recordApplication', 'StepInput', lateStep(before));
    await expectStep('recordPersonalHistory', 'StepInput', lateStep(before));
    await expectStep(
      'recordIntroduction',
      'RecordIntroductionInput',
      lateStep(before, {
        kind: 'TWO_MEMBERS',
        memberIds: members.slice(2, 4).map((m) => toGlobalId('Member', m)),
      }),
    );
    await expectStep('recordVerification', 'StepInput', lateStep(before, { reference: 'KL-10' }));
    await expectStep(
      'recordCellResolution',
      'RecordCellVoteInput',
      lateStep(voted, { present: 9, votesFor: 9, votesAgainst: 0 }),
    );
    await expectStep(
      'recordCommitteeResolution',
      'RecordCommitteeResolutionInput',
      lateStep(voted, { members: 7, votesFor: 7 }),
    );

    const warnings = async () =>
      (
        await graphql<{
          recruitmentWarnings: { nodes: { code: string; subjectId: string; legalReference: string }[] };
        }>(
          url,
          `
            query ($c: ID!) {
              recruitmentWarnings(under: $c, codes: [DEADLINE_PASSED]) {
                nodes {
                  code
                  subjectId
                  legalReference
                }
              }
            }
          `,
          { c: commune },
        )
      ).data!.recruitmentWarnings.nodes;
    expect(await warnings()).toEqual([
      { code: 'DEADLINE_PASSED', subjectId: lateId, legalReference: 'QĐ 294-QĐ/TW (2025), 4.3.1' },
    ]);
    const warningId = `DEADLINE_PASSED:ADMISSION_DECISION:${raw(lateId)}`;
    const onTopic = (type: string) =>
      readTopicMessages(kafka, TOPICS.recruitment, {
        until: (messages) => messages.some((m) => m.key === warningId && m.headers.ce_type?.includes(type)),
        timeoutMs: 30_000,
      });
    await onTopic('RecruitmentWarningRaised');

    // Without the extension the decision is refused; with it, it is taken and the warning clears.
    const refused = await mutate(
      'recordAdmissionDecision',
      'RecordAdmissionDecisionInput',
      lateStep(today, { reference: '46-QĐ/ĐU' }),
    );
    expect(refused.userErrors.map((e) => e.code)).toEqual(['DECISION_EXTENSION_REQUIRED']);
    await expectStep(
      'recordAdmissionDecision',
      'RecordAdmissionDecisionInput',
      lateStep(today, { reference: '46-QĐ/ĐU', extension: '12-CV/ĐU' }),
    );
    expect(await warnings()).toEqual([]);
    await onTopic('RecruitmentWarningCleared');
  }, 180_000);
});
