import type { Identity } from '@dangvien/auth';
import type { WorkingCalendar } from '@dangvien/calendar-vn';
import type { CalendarDate } from '@dangvien/domain';
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
  /** Who calls (`identityFromHeaders`): sensitive person fields need `SCOPES.sensitiveRead`. */
  identity: Identity;
  /** The default `asOf`: today in Vietnam, fixed for the whole request. */
  today: CalendarDate;
}
