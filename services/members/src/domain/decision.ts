import type { DecisionReference, EventData, EventType } from '@dangvien/contracts';
import { Refusal } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import type { MemberFile } from './member';
import { RULES } from './rules';

/** An event of the members topic a decision publishes, before it gets its envelope. */
export type PublicEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];

export function publicEvent<T extends EventType>(type: T, data: EventData<T>): PublicEvent {
  return { type, data } as PublicEvent;
}

/** What the rules decided for one command: the file after it, and how to record it. */
export interface Decided {
  file: MemberFile;
  /** For the audit: REGISTERED, PROFILE_UPDATED, RECOGNISED_OFFICIAL… */
  action: string;
  effectiveDate: CalendarDate;
  reason: string | null;
  decision: DecisionReference | null;
  events: PublicEvent[];
}

/** When a command takes effect and what it rests on. `today` is the command's day in Vietnam. */
export interface Dated {
  effectiveDate: CalendarDate;
  today: CalendarDate;
  reason?: string | null;
  decision?: DecisionReference | null;
}

/** The last day anything in the file is dated: lifecycle changes cannot be dated before it. */
export function lastDatedChange(file: MemberFile): CalendarDate {
  const dates: CalendarDate[] = [
    ...file.statusHistory.map((e) => e.from),
    ...file.placements.flatMap((p) => [p.from, p.to ?? p.from]),
    ...file.exemptions.flatMap((e) => [e.from, e.endedOn ?? e.from]),
    ...file.temporaryStays.flatMap((s) => [s.from, s.endedOn ?? s.from]),
    ...file.letters.flatMap((l) => [l.issuedOn, l.closedOn ?? l.issuedOn]),
    ...file.disciplines.map((d) => d.effectiveDate),
  ];
  return dates.reduce((latest, date) => (date > latest ? date : latest), file.admission.decisionDate);
}

/** Refuses a date after today, or before the file's last dated change (history is appended, in order). */
export function checkAppendable(
  file: MemberFile,
  date: CalendarDate,
  today: CalendarDate,
  field: string[],
): void {
  if (date > today)
    throw new Refusal(RULES.dateInFuture, `${field.join('.')} ${date} is after today (${today})`, field);
  const last = lastDatedChange(file);
  if (date < last) {
    throw new Refusal(
      RULES.dateBeforeLastChange,
      `${field.join('.')} ${date} is before the file's last recorded change (${last}); changes are recorded in date order`,
      field,
    );
  }
}

export function requireReason(reason: string | null | undefined, field: string[] = ['reason']): string {
  const cleaned = reason?.trim();
  if (!cleaned) throw new Refusal(RULES.reasonRequired, 'Give the reason for the change', field);
  if (cleaned.length > 1_000)
    throw new Refusal(RULES.textTooLong, 'The reason is longer than 1,000 characters', field);
  return cleaned;
}

/** The file with its version bumped and a history entry appended, without touching the original. */
export function revised(file: MemberFile, changes: Partial<MemberFile>): MemberFile {
  return { ...structuredClone(file), ...structuredClone(changes) };
}
