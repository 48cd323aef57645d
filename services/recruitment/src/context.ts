import type { WorkingCalendar } from '@dangvien/calendar-vn';
import type { CalendarDate } from '@dangvien/domain';
import type { Caller } from '@dangvien/graphql';
import type { RuleBook } from './domain/admission-rules';
import type { Commands } from './commands';
import type { Loaders } from './loaders';
import type { Repository } from './model/repository';
import type { Reads } from './reads';

export interface Context {
  commands: Commands;
  repository: Repository;
  reads: Reads;
  rules: RuleBook;
  calendar: WorkingCalendar;
  loaders: Loaders;
  caller: Caller;
  /** The default `asOf`: today in Vietnam, fixed for the whole request. */
  today: CalendarDate;
}
