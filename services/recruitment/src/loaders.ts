import DataLoader from 'dataloader';
import type { Candidate } from './domain/candidate';
import type { Repository } from './model/repository';

/** Per-request loaders: entity references and nested candidates resolve in one batched read. */
export function createLoaders(repository: Repository) {
  return {
    candidate: new DataLoader<string, Candidate | null>(async (ids) => {
      const found = new Map((await repository.candidatesByIds(ids)).map((c) => [c.id, c]));
      return ids.map((id) => found.get(id) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
