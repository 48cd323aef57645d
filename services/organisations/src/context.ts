import type DataLoader from 'dataloader';
import type { Commands } from './commands';
import type { CalendarDate } from './domain/calendar';
import type { MemberCounts } from './members/member-placements';
import type { TreeIndex } from './tree/tree-index';

export interface Context {
  index: TreeIndex;
  commands: Commands;
  memberCounts: DataLoader<string, MemberCounts>;
  /** The default `asOf`: today in Vietnam, fixed for the whole request. */
  today: CalendarDate;
}
