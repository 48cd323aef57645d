import DataLoader from 'dataloader';
import type { Candidate } from './domain/candidate';
import type { Repository } from './model/repository';
import type { OrganisationNodeDocument } from './model/schemas';

/** Per-request loaders: entity references and nested candidates resolve in one batched read. */
export function createLoaders(repository: Repository) {
  return {
    candidate: new DataLoader<string, Candidate | null>(async (ids) => {
      const found = new Map((await repository.candidatesByIds(ids)).map((c) => [c.id, c]));
      return ids.map((id) => found.get(id) ?? null);
    }),
    /** The organisation tree's nodes (their `ancestorIds`: what a caller's scope is checked against). */
    organisation: new DataLoader<string, OrganisationNodeDocument | null>(async (ids) => {
      const found = new Map((await repository.organisations(ids)).map((o) => [o._id, o]));
      return ids.map((id) => found.get(id) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
