import { todayInVietnam } from '@dangvien/domain';
import { demoPeople } from '../../services/members/src/demo/people';
import { MEMBER_LIST_HEADER, memberListRow } from './province/csv';

/** The member list as a committee would keep it, the people spread evenly over the cells. */
export function memberList(count: number, cellCodes: string[]): string {
  const people = demoPeople(count, { seed: 9, today: todayInVietnam(), firstCard: 30_000_000 });
  const lines = people.map((p, i) =>
    memberListRow({ ...p, organisationCode: cellCodes[i % cellCodes.length]! }),
  );
  return [MEMBER_LIST_HEADER.join(','), ...lines].join('\n');
}
