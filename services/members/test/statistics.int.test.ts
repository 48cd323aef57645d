import { randomUUID } from 'node:crypto';
import { fromKafkaRecord, MEMBER_FILES_TOPIC, toKafkaRecord } from '@dangvien/contracts';
import { addDays, addMonths, dayBefore, todayInVietnam } from '@dangvien/domain';
import { readTopicMessages, waitFor } from '@dangvien/testing';
import {
  differences,
  gql,
  mutate,
  person,
  settled,
  startTestService,
  storedState,
  withTree,
} from './helpers';

const today = todayInVietnam();
const months = (n: number) => addMonths(today, -n);

/** Whole years from `born` to `on`, written out independently of the service. */
function age(born: string, on: string): number {
  const [by, bm, bd] = born.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
const band = (years: number) =>
  years <= 30
    ? '18–30'
    : years <= 40
      ? '31–40'
      : years <= 50
        ? '41–50'
        : years <= 60
          ? '51–60'
          : years <= 70
            ? '61–70'
            : 'over 70';

const STATS = /* GraphQL */ `
  query ($id: ID!, $asOf: Date) {
    _entities(representations: [{ __typename: "Organisation", id: $id }]) {
      ... on Organisation {
        memberStatistics(asOf: $asOf) {
          total
          official
          probationary
          women {
            count
            share
          }
          ethnicMinorities {
            count
            share
          }
          religious {
            count
          }
          universityEducated {
            count
          }
          youthUnion {
            count
          }
          byEthnicity {
            code
            label
            count
          }
          byAgeBand {
            label
            count
          }
        }
      }
    }
  }
`;
const MOVEMENTS = /* GraphQL */ `
  query ($id: ID!, $from: Date!, $to: Date!) {
    _entities(representations: [{ __typename: "Organisation", id: $id }]) {
      ... on Organisation {
        memberMovements(from: $from, to: $to) {
          start
          admitted
          readmitted
          transferredIn
          restored
          reorganisedIn
          died
          expelled
          removed
          resigned
          transferredOut
          reorganisedOut
          recognisedOfficial
          end
          admittedWomen
          admittedEthnicMinorities
          admittedYouthUnion
        }
      }
    }
  }
`;

describe('statistics for any subtree and date, from maintained figures (real database and broker)', () => {
  const { service, parts, drop, config } = startTestService({ name: 'members_statistics' });
  const held = withTree({ service, parts, drop });

  const mine: string[] = [];
  const ok = async (name: string, input: Record<string, unknown>) => {
    const payload = await mutate(service.url, name, input);
    expect({ name, errors: payload.userErrors }).toEqual({ name, errors: [] });
    mine.push(payload.member!.id);
    return payload.member!.id;
  };
  const official = (cell: string, who: Record<string, unknown>, decisionDate: string) =>
    ok('registerMember', {
      person: person({ youthUnionEntryDate: null, professionalQualification: null, religion: null, ...who }),
      organisationId: held.tree.global(cell),
      decisionDate,
      ceremonyDate: decisionDate,
      officialDate: addMonths(decisionDate, 12),
    });
  const entity = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const response = await gql<{ _entities: T[] }>(service.url, query, variables);
    expect(response.errors).toBeUndefined();
    return response.data!._entities[0]!;
  };
  const stats = (unit: string, asOf?: string) =>
    entity<{ memberStatistics: Record<string, unknown> & { total: number } }>(STATS, {
      id: held.tree.global(unit),
      asOf,
    }).then((e) => e.memberStatistics);
  const movements = (unit: string, from: string, to: string) =>
    entity<{ memberMovements: Record<string, number> }>(MOVEMENTS, {
      id: held.tree.global(unit),
      from,
      to,
    }).then((e) => e.memberMovements);

  it('answers the hand-computed figures, today and on an earlier date, and the increase/decrease report', async () => {
    const people = {
      m1: {
        fullName: 'Ma Thị Hoa',
        sex: 'FEMALE',
        ethnicityCode: '02',
        professionalQualification: 'UNIVERSITY',
        dateOfBirth: '1980-06-15',
      },
      m2: {
        fullName: 'Nguyễn Văn Minh',
        sex: 'MALE',
        ethnicityCode: '01',
        professionalQualification: 'INTERMEDIATE',
        dateOfBirth: '1975-01-10',
      },
      m3: {
        fullName: 'Nông Văn Tùng',
        sex: 'MALE',
        ethnicityCode: '07',
        professionalQualification: 'MASTER',
        dateOfBirth: '1990-09-09',
      },
      m4: {
        fullName: 'Trần Thị Lan',
        sex: 'FEMALE',
        ethnicityCode: '01',
        religion: 'CATHOLICISM',
        dateOfBirth: '1988-12-12',
      },
      m5: { fullName: 'Triệu Văn Sơn', sex: 'MALE', ethnicityCode: '09', dateOfBirth: '1950-05-05' },
      m6: {
        fullName: 'Đỗ Thị Ngọc',
        sex: 'FEMALE',
        ethnicityCode: '01',
        dateOfBirth: '2000-01-01',
        youthUnionEntryDate: '2015-03-26',
      },
    };
    await official('A1', people.m1, '2005-03-01');
    await official('A1', people.m2, '2000-07-01');
    const m3 = await official('A2', people.m3, '2015-05-19');
    await official('A2', people.m4, '2012-01-20');
    const m5 = await official('B1', people.m5, '1975-09-02');
    // In the period: m6 admitted in A1, m3 transferred from A2 to B1, m5 dies.
    await ok('registerMember', {
      person: person({ professionalQualification: null, religion: null, ...people.m6 }),
      organisationId: held.tree.global('A1'),
      decisionDate: months(5),
    });
    await ok('issueTransferLetter', {
      id: m3,
      toOrganisationId: held.tree.global('B1'),
      kind: 'PERMANENT',
      issuedOn: addDays(months(4), -5),
    });
    await ok('acceptTransfer', { id: m3, acceptedOn: months(4) });
    await ok('recordLeaving', { id: m5, reason: 'DECEASED', effectiveDate: months(3) });

    // Every change applied: the files' log read to its end, then the figures as the service serves
    // them. (The figures alone are no sign: the log is applied in any order, so a state on the way —
    // m6 admitted, m5 not yet registered — also has 5 members, 1 of them probationary.)
    await settled(held.kafka.kafka, service, config.CONSUMER_GROUP_SUFFIX);
    await waitFor(async () => [await stats('P'), await stats('C1')] as const, {
      until: ([p, c1]) => p.total === 5 && p.probationary === 1 && c1.total === 4,
      timeoutMs: 30_000,
    });
    const alive = [people.m1, people.m2, people.m3, people.m4, people.m6];
    const bands = (who: { dateOfBirth: string }[], on: string) => {
      const counts = new Map<string, number>();
      for (const p of who)
        counts.set(band(age(p.dateOfBirth, on)), (counts.get(band(age(p.dateOfBirth, on))) ?? 0) + 1);
      return counts;
    };
    const province = await stats('P');
    expect(province).toMatchObject({
      total: 5,
      official: 4,
      probationary: 1,
      women: { count: 3, share: 0.6 },
      ethnicMinorities: { count: 2, share: 0.4 },
      religious: { count: 1 },
      universityEducated: { count: 2 },
      youthUnion: { count: 1 },
      byEthnicity: [
        { code: '01', label: 'Kinh', count: 3 },
        { code: '02', label: 'Tày', count: 1 },
        { code: '07', label: 'Nùng', count: 1 },
      ],
    });
    const byBand = Object.fromEntries(
      (province.byAgeBand as { label: string; count: number }[]).map((b) => [b.label, b.count]),
    );
    for (const [label, count] of bands(alive, today))
      expect({ label, count: byBand[label] }).toEqual({ label, count });
    expect(await stats('C1')).toMatchObject({ total: 4, official: 3, probationary: 1 });
    expect(await stats('C2')).toMatchObject({ total: 1, official: 1, ethnicMinorities: { count: 1 } });
    expect(await stats('A2')).toMatchObject({ total: 1, women: { count: 1 } });

    // Before the period: m5 alive in B1, m3 still in A2, m6 not yet admitted.
    const before = dayBefore(months(6));
    expect(await stats('P', before)).toMatchObject({
      total: 5,
      probationary: 0,
      ethnicMinorities: { count: 3 },
    });
    expect(await stats('C1', before)).toMatchObject({ total: 4 });
    expect(await stats('C2', before)).toMatchObject({ total: 1, ethnicMinorities: { count: 1 } });
    const earlier = Object.fromEntries(
      ((await stats('P', before)).byAgeBand as { label: string; count: number }[]).map((b) => [
        b.label,
        b.count,
      ]),
    );
    for (const [label, count] of bands([people.m1, people.m2, people.m3, people.m4, people.m5], before)) {
      expect({ label, count: earlier[label] }).toEqual({ label, count });
    }

    const zero = {
      readmitted: 0,
      restored: 0,
      reorganisedIn: 0,
      expelled: 0,
      removed: 0,
      resigned: 0,
      reorganisedOut: 0,
      recognisedOfficial: 0,
      admittedEthnicMinorities: 0,
    };
    const period = [months(6), today] as const;
    expect(await movements('P', ...period)).toEqual({
      ...zero,
      start: 5,
      admitted: 1,
      transferredIn: 0,
      died: 1,
      transferredOut: 0,
      end: 5,
      admittedWomen: 1,
      admittedYouthUnion: 1,
    });
    expect(await movements('C1', ...period)).toEqual({
      ...zero,
      start: 4,
      admitted: 1,
      transferredIn: 0,
      died: 0,
      transferredOut: 1,
      end: 4,
      admittedWomen: 1,
      admittedYouthUnion: 1,
    });
    expect(await movements('C2', ...period)).toEqual({
      ...zero,
      start: 1,
      admitted: 0,
      transferredIn: 1,
      died: 1,
      transferredOut: 0,
      end: 1,
      admittedWomen: 0,
      admittedYouthUnion: 0,
    });

    // Every file change of these members delivered again, and again as new events: the figures
    // and the audit stay as they are.
    await settled(held.kafka.kafka, service, config.CONSUMER_GROUP_SUFFIX);
    const stored = await storedState(parts.repository.model.db);
    // One file change per audit entry: read them all back from the topic.
    const ids = new Set(mine.map((id) => Buffer.from(id, 'base64url').toString().slice('Member:'.length)));
    const expected = await parts.repository.model.db
      .collection('audit')
      .countDocuments({ memberId: { $in: [...ids] } });
    const all = await readTopicMessages(held.kafka.kafka, MEMBER_FILES_TOPIC, {
      until: (read) => read.filter((m) => m.key && ids.has(m.key)).length >= expected,
      timeoutMs: 30_000,
    });
    const events = all.filter((m) => m.key && ids.has(m.key)).map((m) => fromKafkaRecord(m));
    expect(events).toHaveLength(9);
    await held.kafka.producer.send({
      topic: MEMBER_FILES_TOPIC,
      acks: -1,
      messages: [...events, ...events.map((e) => ({ ...e, id: randomUUID() }))].map(toKafkaRecord),
    });
    await settled(held.kafka.kafka, service, config.CONSUMER_GROUP_SUFFIX);
    expect(differences(stored, await storedState(parts.repository.model.db))).toEqual([]);
  }, 120_000);
});
