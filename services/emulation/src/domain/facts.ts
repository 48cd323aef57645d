import type {
  DissolutionCause,
  LocalityKind,
  MemberDisciplineForm,
  MemberLeftReason,
  MemberTransferKind,
  OrganisationLevel,
  OrganisationSector,
} from '@dangvien/contracts';
import type { CalendarDate } from '@dangvien/domain';

// What the service keeps of other services' events: dated facts, one per event, named by the event id
// (so applying an event twice adds nothing) and ordered by their date, then by the aggregate's sequence
// (so arrival order never matters). Field names are short: these are stored as compact JSON.

interface FactBase {
  /** The event id. */
  e: string;
  /** The aggregate's sequence: orders facts of the same day. */
  s: number;
  /** The day the fact holds from. */
  d: CalendarDate;
}

export type TreeFact = FactBase &
  (
    | {
        k: 'CREATED';
        code: string;
        name: string;
        level: OrganisationLevel;
        sector: OrganisationSector;
        parentId: string | null;
        predecessorIds: string[];
      }
    | { k: 'RENAMED'; name: string }
    | { k: 'MOVED'; parentId: string }
    | { k: 'RELEVELED'; level: OrganisationLevel }
    | { k: 'DISSOLVED'; cause: DissolutionCause; successorIds: string[] }
    | { k: 'MERGED'; mergedIds: string[] }
    | { k: 'SPLIT'; intoIds: string[]; sourceDissolved: boolean }
  );

export type LocalityFact = FactBase &
  (
    | { k: 'REGISTERED'; code: string; name: string; kind: LocalityKind; communeId: string }
    | { k: 'RENAMED'; name: string }
    | { k: 'MOVED'; communeId: string }
    | { k: 'COVERAGE'; cellIds: string[] }
    /** `d` is the first day of the term; `end` its last day. */
    | { k: 'HEAD'; name: string; memberId: string | null; end: CalendarDate | null }
    | { k: 'DISSOLVED'; mergedIntoId: string | null }
  );

export type MemberFact = FactBase &
  /** `d` is the decision date (admissions are counted by it). */
  (
    | { k: 'ADMITTED'; org: string; ceremony: CalendarDate | null }
    | { k: 'OFFICIAL'; org: string }
    | { k: 'TRANSFERRED'; from: string; to: string; kind: MemberTransferKind }
    | { k: 'LEFT'; org: string; reason: MemberLeftReason }
    /** An existing member entered into the members service (an import): `d` is the day they are placed from. */
    | { k: 'REGISTERED'; org: string; ceremony: CalendarDate | null; probationary: boolean }
    | { k: 'READMITTED'; org: string; ceremony: CalendarDate | null }
    | { k: 'RESTORED'; org: string }
    | { k: 'DISCIPLINED'; org: string; form: MemberDisciplineForm }
    /** Exempted from activities (miễn sinh hoạt): still counted, not graded; `until` its last day. */
    | { k: 'EXEMPTED'; org: string; until: CalendarDate | null }
    | { k: 'EXEMPTION_ENDED'; org: string }
  );

/** Adds `fact` unless one with its event id is there; false when nothing changed. */
export function addFact<F extends FactBase>(facts: F[], fact: F): boolean {
  if (facts.some((f) => f.e === fact.e)) return false;
  facts.push(fact);
  facts.sort(compareFacts);
  return true;
}

export function compareFacts(a: FactBase, b: FactBase): number {
  return a.d < b.d ? -1 : a.d > b.d ? 1 : a.s - b.s || (a.e < b.e ? -1 : a.e > b.e ? 1 : 0);
}

/** The earliest day any of `facts` holds from. */
export function earliest(facts: readonly FactBase[]): CalendarDate | null {
  let first: CalendarDate | null = null;
  for (const fact of facts) if (first === null || fact.d < first) first = fact.d;
  return first;
}
