import type { OrganisationLevel } from '@dangvien/contracts';
import type { CalendarDate } from '@dangvien/domain';
import type { StoredFact, TreeDocument } from '../model/tree-document';
import type { Lineage } from '../model/member-fields';

/** An organisation as it stood on a date. */
export interface UnitOnDate {
  id: string;
  code: string | null;
  name: string;
  level: OrganisationLevel;
  parentId: string | null;
  dissolved: boolean;
}

interface Unit {
  id: string;
  code: string | null;
  /** By effective date, then sequence. */
  facts: StoredFact[];
  byEvent: Map<string, StoredFact>;
}

const order = (a: StoredFact, b: StoredFact) =>
  a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : a.sequence - b.sequence;

/**
 * The organisation tree in memory, as of any date, rebuilt from the facts the organisations service
 * published (its contract, "Rebuilding the tree as of a date"): a unit exists from its creation until
 * its dissolution, its name, level and parent on a date are those of its latest facts up to that
 * date, and its path is walked through the parents as of that date. A few thousand units: answering
 * from memory is what keeps subtree statistics fast.
 */
export class Tree implements Lineage {
  private units = new Map<string, Unit>();
  private byCode = new Map<string, string>();
  private childrenCache = new Map<CalendarDate, Map<string, string[]>>();

  get size(): number {
    return this.units.size;
  }

  upsert(doc: Pick<TreeDocument, '_id' | 'code' | 'facts'>): void {
    const byEvent = new Map(Object.entries(doc.facts ?? {}));
    const facts = [...byEvent.values()].sort(order);
    const code = doc.code ?? null;
    const previous = this.units.get(doc._id);
    if (previous?.code) this.byCode.delete(previous.code);
    this.units.set(doc._id, { id: doc._id, code, facts, byEvent });
    if (code) this.byCode.set(code, doc._id);
    this.childrenCache.clear();
  }

  has(id: string): boolean {
    return this.units.has(id);
  }

  idByCode(code: string): string | null {
    return this.byCode.get(code.trim().toUpperCase()) ?? null;
  }

  unit(id: string, date: CalendarDate): UnitOnDate | null {
    const unit = this.units.get(id);
    if (!unit) return null;
    let state: UnitOnDate | null = null;
    for (const fact of unit.facts) {
      if (fact.effectiveDate > date) break;
      switch (fact.kind) {
        case 'created':
          state = {
            id,
            code: unit.code,
            name: fact.name,
            level: fact.level,
            parentId: fact.parentId,
            dissolved: false,
          };
          break;
        case 'renamed':
          if (state) state.name = fact.name;
          break;
        case 'moved':
          if (state) state.parentId = fact.parentId;
          break;
        case 'releveled':
          if (state) state.level = fact.level;
          break;
        case 'dissolved':
          if (state) state.dissolved = true;
          break;
      }
    }
    return state;
  }

  /** The fact one event recorded, by its key (tree-consumer.ts, factKey). */
  fact(id: string, key: string): StoredFact | null {
    return this.units.get(id)?.byEvent.get(key) ?? null;
  }

  /** Every fact of a unit, in date order. */
  facts(id: string): readonly StoredFact[] {
    return this.units.get(id)?.facts ?? [];
  }

  lineage(id: string, date: CalendarDate): string[] {
    const path: string[] = [];
    const seen = new Set<string>();
    let current: string | null = id;
    while (current && !seen.has(current)) {
      seen.add(current);
      path.unshift(current);
      current = this.unit(current, date)?.parentId ?? null;
    }
    return path;
  }

  private childrenOn(date: CalendarDate): Map<string, string[]> {
    let children = this.childrenCache.get(date);
    if (children) return children;
    children = new Map();
    for (const id of this.units.keys()) {
      const state = this.unit(id, date);
      if (!state || !state.parentId) continue;
      const siblings = children.get(state.parentId) ?? [];
      siblings.push(id);
      children.set(state.parentId, siblings);
    }
    if (this.childrenCache.size > 32) this.childrenCache.clear();
    this.childrenCache.set(date, children);
    return children;
  }

  /** The unit and every unit under it on `date` (dissolved ones included: they may still hold members). */
  subtree(id: string, date: CalendarDate): string[] {
    const children = this.childrenOn(date);
    const result: string[] = [];
    const stack = [id];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      result.push(next);
      for (const child of children.get(next) ?? []) stack.push(child);
    }
    return result;
  }

  /** The units a dissolved unit's members and officers went to (a merger or split), directly. */
  successors(id: string): readonly string[] {
    const facts = this.units.get(id)?.facts ?? [];
    for (let i = facts.length - 1; i >= 0; i--) {
      const fact = facts[i]!;
      if (fact.kind === 'dissolved') return fact.successorIds;
    }
    return [];
  }

  /** Whether `id` is `root` or under it on `date`. */
  isWithin(id: string, root: string, date: CalendarDate): boolean {
    return this.lineage(id, date).includes(root);
  }
}
