import DataLoader from 'dataloader';
import type { MemberCounts, MemberPlacements } from './member-placements';

/**
 * Per-request loader of member counts: every organisation asked for in one tick is counted with a
 * single `countsFor` aggregation. An organisation nobody is counted in gets zeros.
 */
export function createMemberCountsLoader(
  placements: Pick<MemberPlacements, 'countsFor'>,
): DataLoader<string, MemberCounts> {
  return new DataLoader<string, MemberCounts>(async (organisationIds) => {
    const counts = await placements.countsFor(organisationIds);
    return organisationIds.map((id) => counts.get(id) ?? { official: 0, probationary: 0 });
  });
}
