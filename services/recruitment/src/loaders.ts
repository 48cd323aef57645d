import DataLoader from 'dataloader';
import type { Candidate } from './domain/candidate';
import type { Repository } from './model/repository';
import type { Plan } from './domain/plans';
import type { AwarenessClassDocument, OrganisationNodeDocument } from './model/schemas';

/** Per-request loaders: entity references and nested candidates resolve in one batched read. */
export function createLoaders(repository: Repository) {
  return {
    candidate: new DataLoader<string, Candidate | null>(async (ids) => {
      const found = new Map((await repository.candidatesByIds(ids)).map((c) => [c.id, c]));
      return ids.map((id) => found.get(id) ?? null);
    }),
    /** Plans and classes by id: `node`/`nodes` references to them resolve in one read per type. */
    plan: new DataLoader<string, Plan | null>(async (ids) => {
      const found = new Map((await repository.plansByIds(ids)).map((p) => [p.id, p]));
      return ids.map((id) => found.get(id) ?? null);
    }),
    awarenessClass: new DataLoader<string, AwarenessClassDocument | null>(async (ids) => {
      const found = new Map((await repository.awarenessClassesByIds(ids)).map((c) => [c._id, c]));
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
