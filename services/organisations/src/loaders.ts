import DataLoader from 'dataloader';
import type { OrganisationDocument } from './model/organisation';
import type { OrganisationRepository } from './model/repository';

/** Per-request loaders: every organisation asked for in one tick is read with one `$in` query. */
export function createLoaders(repository: OrganisationRepository) {
  return {
    organisation: new DataLoader<string, OrganisationDocument | null>(async (ids) => {
      const docs = await repository.findByIds(ids);
      const byId = new Map(docs.map((d) => [d._id, d]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
