// @dangvien/calendar-vn: the working days every service counts Party deadlines in. Pure: no I/O, no clock.
export { lunarToSolar, lunarNewYear } from './lunar';
export {
  OCCASIONS,
  OCCASION_NAMES,
  HOLIDAY_STATUTES,
  statutoryHolidays,
  withCompensatoryDays,
  isWeekend,
} from './statutory';
export type { DayOff, HolidayStatute, Occasion } from './statutory';
export { OFFICIAL_SCHEDULES, checkSchedule } from './schedules';
export type { OfficialSchedule } from './schedules';
export { createWorkingCalendar } from './working-calendar';
export type { DayStatus, WorkingCalendar } from './working-calendar';
