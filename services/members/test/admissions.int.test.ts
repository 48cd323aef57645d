import { randomUUID } from 'node:crypto';
import {
  ADMISSIONS_TOPIC,
  createEvent,
  DEAD_LETTER_HEADERS,
  deadLetterTopic,
  EVENT_TYPES,
  fromKafkaRecord,
  TOPICS,
} from '@dangvien/contracts';
import type { CandidateAdmittedV1, EventEnvelope } from '@dangvien/contracts';
import { addDays, addMonths, addYears, todayInVietnam } from '@dangvien/domain';
import { readTopicMessages, waitFor } from '@dangvien/testing';
import { memberGlobalId } from '../src/resolvers/ids';
import { differences, gql, publish, settled, startTestService, storedState, withTree } from './helpers';

const today = todayInVietnam();
const ago = (years: number, months = 0) => addMonths(addYears(today, -years), months);

function admitted(
  memberId: string,
  organisationId: string,
  decisionDate: string,
  candidateId = randomUUID(),
) {
  const data: CandidateAdmittedV1 = {
    candidateId,
    memberId,
    organisationId,
    decisionDate,
    decisionNumber: `${Math.floor(Math.random() * 900) + 100}-QĐ/ĐU`,
    ceremonyDate: addDays(decisionDate, 10),
    introducerMemberIds: [randomUUID()],
    youthUnionIntroduction: true,
    person: {
      fullName: 'Hoàng Thị Mai',
      otherNames: [],
      sex: 'FEMALE',
      dateOfBirth: addYears(decisionDate, -22),
      birthplace: 'Định Hóa',
      hometown: 'Định Hóa',
      residence: 'Bản Pác Cáp',
      ethnicityCode: '02',
      religion: 'Không',
      occupation: 'Giáo viên',
      generalEducation: '12/12',
      professionalQualification: 'Đại học Sư phạm',
      academicDegree: null,
      politicalTheory: 'Sơ cấp',
      foreignLanguage: 'Tiếng Anh B1',
      informationTechnology: 'Cơ bản',
      youthUnionEntryDate: addYears(decisionDate, -7),
      citizenId: '019300000111',
    },
  };
  return createEvent(EVENT_TYPES.CandidateAdmitted, candidateId, 1, data);
}

describe('the admission handover from recruitment (real database and broker)', () => {
  const { service, parts, drop, config } = startTestService({ name: 'members_admissions' });
  const held = withTree({ service, parts, drop });

  const member = async (memberId: string) =>
    (
      await gql<{ member: Record<string, unknown> | null }>(
        service.url,
        `query ($id: ID!) { member(id: $id) { fullName status decisionDate ceremonyDate officialDate probationEnds
          religion ethnicity { code } professionalQualification politicalTheory youthUnionIntroduction
          organisation { id } admittingOrganisation { id } introducers { id } statusHistory { status from } } }`,
        { id: memberGlobalId(memberId) },
      )
    ).data!.member;

  it('admits, recognises and removes as recruitment says, and a replay of it all changes nothing', async () => {
    const [mai, lan] = [randomUUID(), randomUUID()];
    const maiAdmitted = admitted(mai, held.tree.ids.A1!, ago(2));
    const maiData = maiAdmitted.data as CandidateAdmittedV1;
    const officialDate = addMonths(maiData.ceremonyDate, 12);
    const recognised = createEvent(EVENT_TYPES.ProbationRecognised, maiData.candidateId, 2, {
      candidateId: maiData.candidateId,
      memberId: mai,
      organisationId: held.tree.ids.A1!,
      officialDate,
      decisionDate: addDays(officialDate, 20),
      decisionNumber: '77-QĐ/ĐU',
    });
    const lanAdmitted = admitted(lan, held.tree.ids.A2!, ago(1, -3));
    const lanData = lanAdmitted.data as CandidateAdmittedV1;
    const failed = createEvent(EVENT_TYPES.ProbationFailed, lanData.candidateId, 2, {
      candidateId: lanData.candidateId,
      memberId: lan,
      organisationId: held.tree.ids.A2!,
      effectiveDate: addMonths(lanData.ceremonyDate, 12),
      decisionNumber: '78-QĐ/ĐU',
      reason: 'Không đủ tư cách đảng viên',
    });
    const events = [maiAdmitted, recognised, lanAdmitted, failed];
    await publish(held.kafka.producer, events);
    await waitFor(() => member(lan), { until: (m) => m?.status === 'REMOVED', timeoutMs: 30_000 });
    await waitFor(() => member(mai), { until: (m) => m?.status === 'OFFICIAL', timeoutMs: 30_000 });
    expect(await member(mai)).toMatchObject({
      fullName: 'Hoàng Thị Mai',
      status: 'OFFICIAL',
      decisionDate: maiData.decisionDate,
      ceremonyDate: maiData.ceremonyDate,
      officialDate,
      religion: null,
      ethnicity: { code: '02' },
      professionalQualification: 'UNIVERSITY',
      politicalTheory: 'ELEMENTARY',
      youthUnionIntroduction: true,
      organisation: { id: held.tree.global('A1') },
      admittingOrganisation: { id: held.tree.global('A1') },
      introducers: [],
    });
    expect(((await member(lan))!.statusHistory as { status: string }[]).map((s) => s.status)).toEqual([
      'PROBATIONARY',
      'REMOVED',
    ]);

    // What the members topic says about them: admitted, official since, removed.
    const published = await readTopicMessages(held.kafka.kafka, TOPICS.members, {
      until: (all) => all.filter((m) => m.key === mai || m.key === lan).length >= 4,
    });
    expect(
      published
        .filter((m) => m.key === mai || m.key === lan)
        .map((m) => fromKafkaRecord(m))
        .map((e) => [e.subject === mai ? 'mai' : 'lan', e.type.split('.')[2]]),
    ).toEqual(
      expect.arrayContaining([
        ['mai', 'MemberAdmitted'],
        ['mai', 'MemberRecognisedOfficial'],
        ['lan', 'MemberAdmitted'],
        ['lan', 'MemberLeft'],
      ]),
    );

    await settled(held.kafka.kafka, service, config.CONSUMER_GROUP_SUFFIX);
    const before = await storedState(parts.repository.model.db);
    // The same events again (a replay: same ids), and the same facts as new events (a producer
    // that sent them twice): neither changes anything.
    const again = events.map((e) => ({ ...e, id: randomUUID() }) as EventEnvelope);
    await publish(held.kafka.producer, [...events, ...again]);
    await settled(held.kafka.kafka, service, config.CONSUMER_GROUP_SUFFIX);
    expect(differences(before, await storedState(parts.repository.model.db))).toEqual([]);
  }, 120_000);

  it('readmits a former member recruitment admits again, and sets aside an admission the rules refuse', async () => {
    const returning = randomUUID();
    const first = admitted(returning, held.tree.ids.B1!, ago(8));
    await publish(held.kafka.producer, [first]);
    await waitFor(() => member(returning), { until: (m) => m?.status === 'PROBATIONARY', timeoutMs: 30_000 });
    const failed = createEvent(
      EVENT_TYPES.ProbationFailed,
      (first.data as CandidateAdmittedV1).candidateId,
      2,
      {
        candidateId: (first.data as CandidateAdmittedV1).candidateId,
        memberId: returning,
        organisationId: held.tree.ids.B1!,
        effectiveDate: ago(7),
        decisionNumber: '9-QĐ/ĐU',
        reason: 'Vi phạm tư cách',
      },
    );
    await publish(held.kafka.producer, [failed]);
    await waitFor(() => member(returning), { until: (m) => m?.status === 'REMOVED', timeoutMs: 30_000 });
    const second = admitted(returning, held.tree.ids.A1!, ago(0, -1));
    await publish(held.kafka.producer, [second]);
    await waitFor(() => member(returning), { until: (m) => m?.status === 'PROBATIONARY', timeoutMs: 30_000 });
    expect(await member(returning)).toMatchObject({ organisation: { id: held.tree.global('A1') } });

    // Admitting a member who is already on a list: refused by the rules, dead-lettered with the rule.
    const refused = admitted(returning, held.tree.ids.A2!, today);
    await publish(held.kafka.producer, [refused]);
    const dead = await readTopicMessages(held.kafka.kafka, deadLetterTopic(ADMISSIONS_TOPIC), {
      until: (all) => all.some((m) => m.headers.ce_id === refused.id),
      timeoutMs: 60_000,
    });
    const letter = dead.find((m) => m.headers.ce_id === refused.id)!;
    expect(letter.headers[DEAD_LETTER_HEADERS.error]).toMatch(/READMISSION_NOT_ALLOWED/);
    expect(await member(returning)).toMatchObject({
      status: 'PROBATIONARY',
      organisation: { id: held.tree.global('A1') },
    });
  }, 120_000);
});
