import DataLoader from 'dataloader';
import type { CalendarDate } from '@dangvien/domain';
import type { MemberPlacements } from './members/member-placements';
import { createMemberCountsLoader } from './members/member-counts';
import type { OrganisationView, TreeIndex } from './tree/tree-index';

/**
 * Per-request loaders. Organisations come from the in-memory index (no I/O), but through a loader
 * all the same: entity references resolve in one batch, and a request keeps seeing the version it
 * first read even if the index is refreshed while it runs.
 */
export function createLoaders(index: TreeIndex, placements: MemberPlacements, today: CalendarDate) {
  return {
    /** Organisations as of today, by id (what `__resolveReference` and `node` return). */
    organisation: new DataLoader<string, OrganisationView | null>(async (ids) =>
      ids.map((id) => index.organisation(id, today)),
    ),
    memberCounts: createMemberCountsLoader(placements),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
