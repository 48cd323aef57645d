import type { MemberFileChangedV1 } from '@dangvien/contracts';
import { EVENT_TYPES } from '@dangvien/contracts';
import { stampNow, todayInVietnam } from '@dangvien/domain';
import type { Profile } from '../../services/members/src/domain/member';
import { recordChange } from '../../services/members/src/domain/change';
import type { MemberChange } from '../../services/members/src/domain/change';
import { decideRegistration } from '../../services/members/src/domain/registration';
import { demoPeople } from '../../services/members/src/demo/people';
import type { FiguresStore } from '../../services/members/src/figures/figures-store';
import type { MemberRepository } from '../../services/members/src/model/member-repository';
import type { TreeStore } from '../../services/members/src/tree/tree-store';

const BATCH = 1_000;

/**
 * Members written straight into the members service's database, for measuring its reads at a size
 * the import cannot reach in a benchmark run on the local engine: each file is decided and stored by
 * the service's own code (`decideRegistration`, `recordChange`, the repository's `insertMany`), and
 * its statistics delta applied by the figures store's own `apply`. Only the events are left out:
 * nothing is relayed, so the organisations service does not count these members.
 */
export async function preloadMembers(
  parts: { repository: MemberRepository; figures: FiguresStore; treeStore: TreeStore },
  count: number,
  cellIds: readonly string[],
  onProgress: (done: number) => void,
): Promise<void> {
  const today = todayInVietnam();
  const actor = { subject: 'bench-preload', name: 'benchmark preload', trusted: true };
  const people = demoPeople(count, { seed: 11, today, firstCard: 60_000_000 });
  const tree = parts.treeStore.tree;
  const figures: { memberId: string; version: number; deltas: MemberFileChangedV1['figures'] }[] = [];
  for (let start = 0; start < people.length; start += BATCH) {
    const stamp = stampNow();
    const changes: MemberChange[] = people.slice(start, start + BATCH).map((person, i) => {
      const organisationId = cellIds[(start + i) % cellIds.length]!;
      const { decisionDate, ceremonyDate, officialDate, ...given } = person;
      const profile: Profile = {
        ...given,
        otherNames: [],
        birthplace: null,
        residence: null,
        personalHistory: null,
        citizenId: null,
        academicTitle: null,
        foreignLanguage: null,
        informationTechnology: null,
        historyNumber: null,
      };
      const decided = decideRegistration(
        {
          id: stamp.newId(),
          profile,
          organisationId,
          decisionDate,
          decisionNumber: null,
          ceremonyDate,
          officialDate,
          memberSince: null,
          source: 'IMPORT',
        },
        today,
      );
      return recordChange(null, decided, {
        stamp,
        actor,
        organisationIds: tree.lineage(organisationId, today),
      });
    });
    for (const change of changes) {
      const logged = change.events.find((e) => e.type === EVENT_TYPES.MemberFileChanged)!;
      const data = logged.data as MemberFileChangedV1;
      figures.push({ memberId: data.memberId, version: data.version, deltas: data.figures });
    }
    const { duplicates } = await parts.repository.insertMany(
      changes.map((change) => ({ ...change, events: [] })),
      today,
      stamp.time,
    );
    if (duplicates.length > 0) throw new Error(`${duplicates.length} preloaded files were refused`);
    onProgress(Math.min(start + BATCH, count));
  }
  await parts.figures.apply(figures);
}
