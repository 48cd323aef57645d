import type { CalendarDate, Stamp } from '@dangvien/domain';
import type { Access, Identity } from '@dangvien/auth';
import type { Commands } from './commands/commands';
import type { FiguresStore } from './figures/figures-store';
import type { Importer } from './import/importer';
import type { Loaders } from './loaders';
import type { AuditQueries } from './queries/audit-queries';
import type { MemberQueries } from './queries/member-queries';
import type { OrganisationListQueries } from './queries/organisation-lists';
import type { TreeStore } from './tree/tree-store';

export interface Context {
  caller: Identity;
  /** What the caller may read and change (the runtime's, also under `ACCESS`). */
  access: Access;
  /** The default `asOf`: today in Vietnam, fixed for the whole request. */
  today: CalendarDate;
  commands: Commands;
  importer: Importer;
  members: MemberQueries;
  /** An organisation's watch lists: pending letters, members awaiting placement, badges due. */
  lists: OrganisationListQueries;
  audit: AuditQueries;
  treeStore: TreeStore;
  figures: FiguresStore;
  loaders: Loaders;
  /** The tree and the figures are brought up to date at most once per request. */
  fresh(): Promise<void>;
  /** The clock and ids of a command starting now. */
  stamp(): Stamp;
}
