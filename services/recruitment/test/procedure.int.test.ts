import { ADMISSIONS_TOPIC, fromKafkaRecord, TOPICS } from '@dangvien/contracts';
import type { EventEnvelope } from '@dangvien/contracts';
import { toGlobalId } from '@dangvien/graphql';
import { dropDatabase, graphql, readTopicMessages, waitFor } from '@dangvien/testing';
import { memberFactsConsumer } from '../src/projections/member-facts';
import {
  createPublisher,
  memberEvents,
  mutate,
  PERSON,
  snapshot,
  startTestService,
  transferEvent,
  treeEvents,
} from './helpers';

const org = (id: string) => toGlobalId('Organisation', id);
const member = (id: string) => toGlobalId('Member', id);

/**
 * One candidate taken from the list to official member against the real broker and database, with
 * the organisation and member events the other services would publish produced by the test; each
 * refusal on the way names its rule and legal reference and leaves the database as it was.
 */
describe('the admission procedure (real database and broker)', () => {
  const test = startTestService({ name: 'recruitment_procedure' });
  const { service } = test;
  let publisher: Awaited<ReturnType<typeof createPublisher>>;
  const tree = treeEvents();
  const cellMembers = Array.from({ length: 9 }, () => memberEvents(tree.ids.A, '2010-01-01', '2011-01-01'));
  // b: official since 2013 in G, in A from 10 March 2024 (12 months on 10 March 2025).
  const b = memberEvents(tree.ids.G, '2012-01-01', '2013-01-01');
  const away = cellMembers[8]!;
  const memberStream: EventEnvelope[] = [
    ...cellMembers.flatMap((m) => m.events),
    ...b.events,
    transferEvent(b.id, 3, tree.ids.G, tree.ids.A, 'PERMANENT', '2024-03-10'),
    transferEvent(away.id, 3, tree.ids.A, tree.ids.G, 'TEMPORARY', '2024-06-01'),
  ];
  let url = '';

  beforeAll(async () => {
    publisher = await createPublisher();
    await service.start();
    url = service.url;
    await publisher.publish([...tree.events, ...memberStream]);
    const { repository } = test.parts;
    await waitFor(
      async () =>
        (await repository.membersOf(tree.ids.A)).length === 10 &&
        (await repository.locality(tree.ids.V)) !== null &&
        // Every unit: the events of the tree may arrive on different partitions, in any order.
        (await repository.organisations([tree.ids.P, tree.ids.C, tree.ids.A, tree.ids.G])).length === 4,
      {
        timeoutMs: 30_000,
      },
    );
    await waitFor(async () => (await repository.members([b.id])).get(b.id)?.placements.length === 2, {
      timeoutMs: 30_000,
    });
  });

  afterAll(async () => {
    await publisher?.stop();
    await service.stop();
    await dropDatabase(test.database.url);
  });

  async function refusedWithoutChange(
    name: string,
    input: Record<string, unknown>,
    code: string,
    reference: RegExp,
  ) {
    const own = { commandsOnly: true, organisations: Object.values(tree.ids) };
    const before = await snapshot(service, own);
    const payload = await mutate(url, name, input);
    expect(payload.userErrors).toHaveLength(1);
    expect(payload.userErrors[0]).toMatchObject({ code });
    expect(payload.userErrors[0]!.legalReference).toMatch(reference);
    expect(await snapshot(service, own)).toEqual(before);
  }

  it('plans, lists, and takes the candidate through every step to official member', async () => {
    const plan = await mutate(
      url,
      'setAdmissionPlan',
      {
        organisationId: org(tree.ids.C),
        year: 2025,
        setByOrganisationId: org(tree.ids.P),
        quota: 10,
        targets: [
          { category: 'WOMEN', count: 4 },
          { category: 'ETHNIC_MINORITY', count: 3 },
        ],
        effectiveDate: '2025-01-15',
        decision: { number: '05-KH/TU', date: '2025-01-10' },
      },
      'admissionPlan { id quota }',
    );
    expect(plan.userErrors).toEqual([]);
    const cellPlan = await mutate(
      url,
      'setAdmissionPlan',
      {
        organisationId: org(tree.ids.A),
        year: 2025,
        setByOrganisationId: org(tree.ids.C),
        quota: 4,
        targets: [],
        effectiveDate: '2025-01-20',
      },
      'admissionPlan { id }',
    );
    expect(cellPlan.userErrors).toEqual([]);
    const revision = await mutate(
      url,
      'setAdmissionPlan',
      {
        organisationId: org(tree.ids.C),
        year: 2025,
        setByOrganisationId: org(tree.ids.P),
        quota: 12,
        targets: [{ category: 'WOMEN', count: 5 }],
        effectiveDate: '2025-03-01',
        reason: 'Điều chỉnh sau hội nghị sơ kết quý I',
      },
      'admissionPlan { revisions { revision quota } }',
    );
    expect(revision.admissionPlan).toEqual({
      revisions: [
        { revision: 1, quota: 10 },
        { revision: 2, quota: 12 },
      ],
    });

    const listed = await mutate(url, 'listCandidate', {
      organisationId: org(tree.ids.A),
      localityId: toGlobalId('Locality', tree.ids.V),
      sourceCategory: 'YOUNG_GRADUATE_LOCAL',
      helperMemberId: member(cellMembers[0]!.id),
      listedOn: '2024-09-01',
      inUnitSince: '2019-01-01',
      person: PERSON,
    });
    expect(listed.userErrors).toEqual([]);
    const candidateId = (listed.candidate as { id: string }).id;
    const step = (date: string, extra: object = {}) => ({ candidateId, date, actor: 'Chi bộ A', ...extra });

    expect(
      (await mutate(url, 'recordCertificate', step('2024-10-15', { number: 'GCN-15' }))).userErrors,
    ).toEqual([]);
    expect((await mutate(url, 'recordApplication', step('2024-11-01'))).userErrors).toEqual([]);
    expect((await mutate(url, 'recordPersonalHistory', step('2024-11-15'))).userErrors).toEqual([]);

    const introducers = { kind: 'TWO_MEMBERS', memberIds: [member(b.id), member(cellMembers[1]!.id)] };
    await refusedWithoutChange(
      'recordIntroduction',
      step('2025-02-09', introducers),
      'INTRODUCER_SHARED_UNIT_UNDER_MINIMUM',
      /Điều lệ Đảng, art\. 4\(2\)/,
    );
    expect((await mutate(url, 'recordIntroduction', step('2025-03-10', introducers))).userErrors).toEqual([]);
    expect(
      (await mutate(url, 'recordVerification', step('2025-04-01', { reference: 'KL-02' }))).userErrors,
    ).toEqual([]);

    // 10 official members on the list, 1 temporarily transferred out: 9 counted, 6 needed.
    const vote = (votesFor: number, present: number) =>
      step('2025-04-08', { present, votesFor, votesAgainst: 0, reference: '05-NQ/CB' });
    await refusedWithoutChange(
      'recordCellResolution',
      vote(5, 9),
      'CELL_VOTE_BELOW_TWO_THIRDS',
      /art\. 4\(3\)/,
    );
    const resolved = await mutate(
      url,
      'recordCellResolution',
      vote(6, 7),
      'candidate { cellVote { officialMembers temporarilyAway present votesFor } }',
    );
    expect(resolved.userErrors).toEqual([]);
    expect(resolved.candidate).toEqual({
      cellVote: { officialMembers: 9, temporarilyAway: 1, present: 7, votesFor: 6 },
    });

    expect(
      (await mutate(url, 'recordCommitteeResolution', step('2025-04-15', { members: 9, votesFor: 7 })))
        .userErrors,
    ).toEqual([]);
    expect(
      (await mutate(url, 'recordAdmissionDecision', step('2025-05-19', { reference: '125-QĐ/ĐU' })))
        .userErrors,
    ).toEqual([]);
    const ceremony = await mutate(
      url,
      'recordCeremony',
      step('2025-06-02'),
      'candidate { stage memberId probationEndsOn }',
    );
    expect(ceremony.userErrors).toEqual([]);
    expect(ceremony.candidate).toMatchObject({ stage: 'PROBATIONARY', probationEndsOn: '2026-06-02' });
    expect((await mutate(url, 'fileMemberForm', { candidateId, date: '2025-06-20' })).userErrors).toEqual([]);
    await refusedWithoutChange(
      'recordRecognitionVote',
      step('2026-06-01', { present: 9, votesFor: 9, votesAgainst: 0 }),
      'PROBATION_NOT_OVER',
      /art\. 5\(1\)/,
    );
    expect(
      (
        await mutate(
          url,
          'recordRecognitionVote',
          step('2026-06-05', { present: 8, votesFor: 8, votesAgainst: 0 }),
        )
      ).userErrors,
    ).toEqual([]);
    const official = await mutate(
      url,
      'recogniseOfficialMember',
      step('2026-06-20', { reference: '301-QĐ/ĐU' }),
      'candidate { stage officialDate steps { stage date late ruleSet } }',
    );
    expect(official.userErrors).toEqual([]);
    expect(official.candidate).toMatchObject({ stage: 'OFFICIAL', officialDate: '2026-06-02' });
    const steps = (official.candidate as { steps: { stage: string; ruleSet: string }[] }).steps;
    expect(steps.map((s) => s.stage)).toEqual([
      'CLASS_CERTIFIED',
      'APPLIED',
      'HISTORY_DECLARED',
      'INTRODUCED',
      'VERIFIED',
      'CELL_RESOLVED',
      'GRASSROOTS_RESOLVED',
      'DECIDED',
      'PROBATIONARY',
      'RECOGNITION_PROPOSED',
      'OFFICIAL',
    ]);
    // Steps before 20 January 2025 are judged by QĐ 24 (2021), the later ones by QĐ 232, then QĐ 294.
    expect(steps[0]!.ruleSet).toMatch(/QĐ 24-QĐ\/TW/);
    expect(steps[5]!.ruleSet).toMatch(/QĐ 232-QĐ\/TW/);
    expect(steps[8]!.ruleSet).toMatch(/QĐ 294-QĐ\/TW of 26 May 2025; HD 01/);
    expect(steps[10]!.ruleSet).toMatch(/HD 06-HD\/TW/);

    // The handover: admitted at the ceremony with the person, recognised from the end of probation.
    const localId = Buffer.from(candidateId, 'base64url').toString().split(':')[1]!;
    const handover = await readTopicMessages(publisher.kafka, ADMISSIONS_TOPIC, {
      until: (messages) => messages.filter((m) => m.key === localId).length >= 2,
      timeoutMs: 30_000,
    });
    const events = handover.filter((m) => m.key === localId).map((m) => fromKafkaRecord(m as never));
    expect(events.map((e) => e.type)).toEqual([
      'dangvien.recruitment.CandidateAdmitted.v1',
      'dangvien.recruitment.ProbationRecognised.v1',
    ]);
    expect(events[0]!.data).toMatchObject({
      organisationId: tree.ids.A,
      decisionDate: '2025-05-19',
      ceremonyDate: '2025-06-02',
      introducerMemberIds: [b.id, cellMembers[1]!.id],
      person: { fullName: 'Hoàng Thị Mai', ethnicityCode: '02', citizenId: '019301000123' },
    });
    expect(events[1]!.data).toMatchObject({ officialDate: '2026-06-02', decisionNumber: '301-QĐ/ĐU' });

    // Every step is on the integrators' topic, with nothing sensitive in it.
    const published = await readTopicMessages(publisher.kafka, TOPICS.recruitment, {
      until: (messages) => messages.filter((m) => m.key === localId).length >= 12,
      timeoutMs: 30_000,
    });
    const mine = published.filter((m) => m.key === localId);
    expect(mine.map((m) => m.headers.ce_type?.split('.')[2])).toEqual([
      'CandidateListed',
      ...Array(11).fill('CandidateStageChanged'),
    ]);
    expect(mine.map((m) => m.value).join('')).not.toMatch(/Hoàng|019301000123|ethnicity|religion/);

    // The plans count the admission by its decision day and its structure; the cell's plan rolls up.
    const plans = await graphql<{ admissionPlan: Record<string, unknown> }>(
      url,
      `
        query ($id: ID!) {
          admissionPlan(organisationId: $id, year: 2025, asOf: "2025-12-31") {
            quota
            childrenQuota
            gap
            revisions {
              revision
            }
            progress {
              admitted
              byCategory {
                category
                target
                admitted
              }
              pace
            }
            children {
              totalCount
              nodes {
                quota
                organisation {
                  id
                }
              }
            }
          }
        }
      `,
      { id: org(tree.ids.C) },
    );
    expect(plans.data?.admissionPlan).toEqual({
      quota: 12,
      childrenQuota: 4,
      gap: 8,
      revisions: [{ revision: 1 }, { revision: 2 }],
      progress: { admitted: 1, byCategory: [{ category: 'WOMEN', target: 5, admitted: 1 }], pace: 'BEHIND' },
      children: { totalCount: 1, nodes: [{ quota: 4, organisation: { id: org(tree.ids.A) } }] },
    });
  });

  it('applies every member event once: delivered again, or handled twice, nothing changes', async () => {
    const before = (await snapshot(service)).member_facts;
    await publisher.publish(memberStream);
    const definition = memberFactsConsumer({
      collection: test.parts.repository.collections.members,
      reads: () => service.runtime.database.reads,
      exclusive: service.runtime.exclusive,
    });
    await definition.handleBatch!(memberStream, {} as never);
    await definition.handleBatch!(memberStream, {} as never);
    // The redelivered records reach the consumer too; wait until it has caught up.
    await waitFor(() => service.consumers.every((c) => c.status().lag === 0), { timeoutMs: 20_000 });
    expect((await snapshot(service)).member_facts).toEqual(before);
  });
});
