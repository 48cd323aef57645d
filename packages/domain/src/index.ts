// @dangvien/domain: what the domain code of every service shares. Pure: no I/O, no GraphQL, no clock
// of its own (the caller passes a Stamp).
export { Refusal, isRefusal } from './refusal';
export { defineRuleSets, NO_RULE_SET_IN_FORCE } from './rule-sets';
export type { DatedRuleSet, RuleSetTable } from './rule-sets';
export type { CalendarDate } from './calendar';
export {
  VIETNAM_TIME_ZONE,
  isCalendarDate,
  vietnamDate,
  todayInVietnam,
  addDays,
  dayBefore,
  addMonths,
  addYears,
  monthsBetween,
  yearsBetween,
  daysBetween,
  dayOfWeek,
  laterOf,
  earlierOf,
} from './calendar';
export { stampNow, eventIdentity } from './stamp';
export type { Stamp } from './stamp';
