import type { OrganisationLevel, OrganisationSector } from '@dangvien/contracts';
import type { CalendarDate } from '@dangvien/domain';
import type { TreeFact } from './facts';

/** One organisation as its events describe it: dated facts, oldest first. */
export interface OrganisationRecord {
  id: string;
  facts: TreeFact[];
}

/** An organisation as it stood on a day. */
export interface OrganisationState {
  id: string;
  code: string;
  name: string;
  level: OrganisationLevel;
  sector: OrganisationSector;
  parentId: string | null;
}

export const GRASSROOTS_LEVELS: readonly OrganisationLevel[] = ['GRASSROOTS_COMMITTEE', 'GRASSROOTS_CELL'];

/** Its state on `date`, or null when it did not exist (not yet created, or dissolved by then). */
export function stateAt(record: OrganisationRecord, date: CalendarDate): OrganisationState | null {
  let state = null as OrganisationState | null;
  for (const fact of record.facts) {
    if (fact.d > date) break;
    const current: OrganisationState | null = state;
    switch (fact.k) {
      case 'CREATED':
        state = {
          id: record.id,
          code: fact.code,
          name: fact.name,
          level: fact.level,
          sector: fact.sector,
          parentId: fact.parentId,
        };
        break;
      case 'RENAMED':
        if (current) state = { ...current, name: fact.name };
        break;
      case 'MOVED':
        if (current) state = { ...current, parentId: fact.parentId };
        break;
      case 'RELEVELED':
        if (current) state = { ...current, level: fact.level };
        break;
      case 'DISSOLVED':
        state = null;
        break;
      default:
        break;
    }
  }
  return state;
}

/** Units merged or split into this one. */
export function predecessorsOf(record: OrganisationRecord): string[] {
  const ids = new Set<string>();
  for (const fact of record.facts) {
    if (fact.k === 'CREATED') fact.predecessorIds.forEach((id) => ids.add(id));
    if (fact.k === 'MERGED') fact.mergedIds.forEach((id) => ids.add(id));
  }
  return [...ids];
}

/** The day it ceased to exist (the first day it was no longer active), if it did. */
export function dissolvedOn(record: OrganisationRecord): CalendarDate | null {
  return record.facts.find((f) => f.k === 'DISSOLVED')?.d ?? null;
}

export function createdOn(record: OrganisationRecord): CalendarDate | null {
  return record.facts.find((f) => f.k === 'CREATED')?.d ?? null;
}

/** Every level it ever had (which of its records may hold localities, be a province…). */
export function levelsOf(record: OrganisationRecord): OrganisationLevel[] {
  const levels = new Set<OrganisationLevel>();
  for (const fact of record.facts) {
    if (fact.k === 'CREATED' || fact.k === 'RELEVELED') levels.add(fact.level);
  }
  return [...levels];
}

/** The tree on one day: who exists, their parents and children. */
export class TreeOnDay {
  readonly states = new Map<string, OrganisationState>();
  private readonly children = new Map<string, string[]>();

  constructor(
    readonly date: CalendarDate,
    records: Iterable<OrganisationRecord>,
  ) {
    for (const record of records) {
      const state = stateAt(record, date);
      if (state) this.states.set(record.id, state);
    }
    for (const state of this.states.values()) {
      if (state.parentId && this.states.has(state.parentId)) {
        const list = this.children.get(state.parentId) ?? [];
        list.push(state.id);
        this.children.set(state.parentId, list);
      }
    }
    for (const list of this.children.values()) list.sort((a, b) => this.code(a).localeCompare(this.code(b)));
  }

  private code(id: string): string {
    return this.states.get(id)?.code ?? id;
  }

  get(id: string): OrganisationState | null {
    return this.states.get(id) ?? null;
  }

  childrenOf(id: string): string[] {
    return this.children.get(id) ?? [];
  }

  /** The units below `id` on this day, without it. */
  descendantsOf(id: string): string[] {
    const out: string[] = [];
    const stack = [...this.childrenOf(id)].reverse();
    while (stack.length > 0) {
      const next = stack.pop()!;
      out.push(next);
      stack.push(...[...this.childrenOf(next)].reverse());
    }
    return out;
  }

  /** The units above `id`, parent first; stops at a parent that does not exist on this day. */
  ancestorsOf(id: string): string[] {
    const out: string[] = [];
    const seen = new Set<string>([id]);
    let parent = this.states.get(id)?.parentId ?? null;
    while (parent && this.states.has(parent) && !seen.has(parent)) {
      out.push(parent);
      seen.add(parent);
      parent = this.states.get(parent)!.parentId;
    }
    return out;
  }

  /** The top of the tree `id` is in on this day. */
  rootOf(id: string): string | null {
    if (!this.states.has(id)) return null;
    return this.ancestorsOf(id).at(-1) ?? id;
  }

  /** The grassroots organisation `id` belongs to (itself when it is one), or null above that level. */
  grassrootsOf(id: string): string | null {
    for (const candidate of [id, ...this.ancestorsOf(id)]) {
      if (GRASSROOTS_LEVELS.includes(this.states.get(candidate)!.level)) return candidate;
    }
    return null;
  }
}
