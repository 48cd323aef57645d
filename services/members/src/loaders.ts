import DataLoader from 'dataloader';
import type { MemberFile } from './domain/member';
import type { MemberRepository } from './model/member-repository';

/**
 * Per-request loaders: every member a request names (entity references from other subgraphs,
 * introducers, letters' members) is read in one batched read per tick, whatever the list's length.
 */
export function createLoaders(repository: MemberRepository) {
  return {
    member: new DataLoader<string, MemberFile | null>(async (ids) => {
      const files = new Map((await repository.loadMany(ids)).map((file) => [file.id, file]));
      return ids.map((id) => files.get(id) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
