import type { Commands } from './commands';
import type { CalendarDate } from './domain/calendar';
import type { Loaders } from './loaders';
import type { TreeIndex } from './tree/tree-index';

export interface Context {
  index: TreeIndex;
  commands: Commands;
  loaders: Loaders;
  /** The default `asOf`: today in Vietnam, fixed for the whole request. */
  today: CalendarDate;
}
