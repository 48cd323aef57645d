import type { OrganisationCommands } from './commands';
import type { Loaders } from './loaders';
import type { OrganisationRepository } from './model/repository';

export interface Context {
  loaders: Loaders;
  repository: OrganisationRepository;
  commands: OrganisationCommands;
}
