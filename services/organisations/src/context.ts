import type { Access } from '@dangvien/auth';
import type { CalendarDate } from '@dangvien/domain';
import type { Commands } from './commands';
import type { Loaders } from './loaders';
import type { Repository } from './model/repository';
import type { TreeIndex } from './tree/tree-index';

export interface Context {
  index: TreeIndex;
  commands: Commands;
  repository: Repository;
  loaders: Loaders;
  /** Who calls and what they may see (from the identity the gateway signed; anonymous otherwise). */
  access: Access;
  /** The default `asOf`: today in Vietnam, fixed for the whole request. */
  today: CalendarDate;
}
