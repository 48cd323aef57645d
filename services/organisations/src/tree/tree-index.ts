import type { OrganisationLevel, OrganisationSector, LocalityKind } from '@dangvien/contracts';
import type { CalendarDate } from '@dangvien/domain';
import type { OrganisationRecord, OrganisationVersion } from '../domain/history';
import { activeAt, versionAt } from '../domain/history';
import type { LocalityRecord, LocalityVersion } from '../domain/locality';
import { headAt, localityVersionAt } from '../domain/locality';
import { searchKey } from '../domain/search';

/** An organisation as it stood on a date. */
export interface OrganisationView {
  record: OrganisationRecord;
  state: OrganisationVersion;
  asOf: CalendarDate;
}

export interface LocalityView {
  record: LocalityRecord;
  state: LocalityVersion;
  asOf: CalendarDate;
}

export interface OrganisationQuery {
  levels?: readonly OrganisationLevel[] | null;
  sectors?: readonly OrganisationSector[] | null;
  search?: string | null;
  includeDissolved?: boolean | null;
  /** Only the subtree below this organisation (without it). */
  under?: string | null;
}

export interface LocalityQuery {
  under?: string | null;
  kinds?: readonly LocalityKind[] | null;
  withoutCell?: boolean | null;
  includeDissolved?: boolean | null;
}

function byCode<T extends { record: { code: string } }>(a: T, b: T): number {
  return a.record.code < b.record.code ? -1 : a.record.code > b.record.code ? 1 : 0;
}

/**
 * The whole organisation tree with its history, in memory. Every read — a node, its children, a
 * subtree, ancestors, lists, as of any date — is answered here without a database round trip.
 *
 * It is loaded once at start (one query per collection) and kept current by `upsert` from this
 * process's own writes and from the service's own topic (so every replica sees every other
 * replica's writes). An upsert with an older `version` than the one held is ignored, so a late or
 * repeated refresh cannot go back in time.
 *
 * Size: Thái Nguyên's ~7,000 organisations and localities take a few MB; the national tree
 * (~320,000 units) would take a few hundred MB, which is still one replica's memory.
 */
export class TreeIndex {
  private readonly organisations = new Map<string, OrganisationRecord>();
  private readonly localities = new Map<string, LocalityRecord>();
  private readonly organisationsByCode = new Map<string, string>();
  private readonly localitiesByCode = new Map<string, string>();
  /** Every child that was ever under a parent, in any version; filtered by date when read. */
  private readonly childEdges = new Map<string, Set<string>>();
  /** Every locality that ever belonged to a commune. */
  private readonly localityEdges = new Map<string, Set<string>>();
  private readonly rootIds = new Set<string>();
  /** Search keys of names, cached per organisation for the name they were made from. */
  private readonly searchKeys = new Map<string, { name: string; key: string }>();

  get size(): { organisations: number; localities: number } {
    return { organisations: this.organisations.size, localities: this.localities.size };
  }

  upsertOrganisation(record: OrganisationRecord): boolean {
    const held = this.organisations.get(record.id);
    if (held && held.version >= record.version) return false;
    if (held) {
      for (const v of held.versions) if (v.parentId) this.childEdges.get(v.parentId)?.delete(record.id);
    }
    this.organisations.set(record.id, record);
    this.organisationsByCode.set(record.code, record.id);
    this.searchKeys.delete(record.id);
    let root = false;
    for (const v of record.versions) {
      if (v.parentId) {
        const children = this.childEdges.get(v.parentId) ?? new Set<string>();
        children.add(record.id);
        this.childEdges.set(v.parentId, children);
      } else {
        root = true;
      }
    }
    if (root) this.rootIds.add(record.id);
    return true;
  }

  upsertLocality(record: LocalityRecord): boolean {
    const held = this.localities.get(record.id);
    if (held && held.version >= record.version) return false;
    if (held) for (const v of held.versions) this.localityEdges.get(v.communeId)?.delete(record.id);
    this.localities.set(record.id, record);
    this.localitiesByCode.set(record.code, record.id);
    for (const v of record.versions) {
      const set = this.localityEdges.get(v.communeId) ?? new Set<string>();
      set.add(record.id);
      this.localityEdges.set(v.communeId, set);
    }
    return true;
  }

  organisationRecord(id: string): OrganisationRecord | null {
    return this.organisations.get(id) ?? null;
  }

  localityRecord(id: string): LocalityRecord | null {
    return this.localities.get(id) ?? null;
  }

  /** The organisation as it stood on `asOf` (dissolved ones included); null if it did not exist yet. */
  organisation(id: string, asOf: CalendarDate): OrganisationView | null {
    const record = this.organisations.get(id);
    const state = record && versionAt(record, asOf);
    return record && state ? { record, state, asOf } : null;
  }

  organisationByCode(code: string, asOf: CalendarDate): OrganisationView | null {
    const id = this.organisationsByCode.get(code);
    return id ? this.organisation(id, asOf) : null;
  }

  locality(id: string, asOf: CalendarDate): LocalityView | null {
    const record = this.localities.get(id);
    const state = record && localityVersionAt(record, asOf);
    return record && state ? { record, state, asOf } : null;
  }

  localityByCode(code: string, asOf: CalendarDate): LocalityView | null {
    const id = this.localitiesByCode.get(code);
    return id ? this.locality(id, asOf) : null;
  }

  /** Direct children on `asOf`, by code. */
  children(id: string, asOf: CalendarDate, includeDissolved = false): OrganisationView[] {
    const result: OrganisationView[] = [];
    for (const childId of this.childEdges.get(id) ?? []) {
      const record = this.organisations.get(childId)!;
      const state = versionAt(record, asOf);
      if (!state || state.parentId !== id) continue;
      if (state.status !== 'ACTIVE' && !includeDissolved) continue;
      result.push({ record, state, asOf });
    }
    return result.sort(byCode);
  }

  /** The active subtree below `id` on `asOf`, depth first, children by code (without `id`). */
  subtree(id: string, asOf: CalendarDate): OrganisationView[] {
    const result: OrganisationView[] = [];
    const visit = (parentId: string) => {
      for (const child of this.children(parentId, asOf)) {
        result.push(child);
        visit(child.record.id);
      }
    };
    visit(id);
    return result;
  }

  /** Ancestors on `asOf`, root first. */
  ancestors(id: string, asOf: CalendarDate): OrganisationView[] {
    const result: OrganisationView[] = [];
    const seen = new Set<string>([id]);
    let parentId = this.organisation(id, asOf)?.state.parentId ?? null;
    while (parentId && !seen.has(parentId)) {
      seen.add(parentId);
      const parent = this.organisation(parentId, asOf);
      if (!parent) break;
      result.push(parent);
      parentId = parent.state.parentId;
    }
    return result.reverse();
  }

  /** Organisations matching `query` on `asOf`, by code. */
  listOrganisations(query: OrganisationQuery, asOf: CalendarDate): OrganisationView[] {
    let candidates: OrganisationView[];
    if (query.under) {
      candidates = query.includeDissolved
        ? this.subtreeWithDissolved(query.under, asOf)
        : this.subtree(query.under, asOf);
      candidates.sort(byCode);
    } else {
      candidates = [];
      for (const record of this.organisations.values()) {
        const state = versionAt(record, asOf);
        if (state) candidates.push({ record, state, asOf });
      }
      candidates.sort(byCode);
    }
    const search = query.search ? searchKey(query.search) : '';
    return candidates.filter(
      (v) =>
        (query.includeDissolved || v.state.status === 'ACTIVE') &&
        (!query.levels?.length || query.levels.includes(v.state.level)) &&
        (!query.sectors?.length || query.sectors.includes(v.state.sector)) &&
        (!search || this.searchKeyOf(v).includes(search) || v.record.code.startsWith(search.toUpperCase())),
    );
  }

  /** Roots (provinces) active on `asOf`. */
  roots(asOf: CalendarDate): OrganisationView[] {
    return [...this.rootIds]
      .map((id) => this.organisation(id, asOf))
      .filter(
        (v): v is OrganisationView => v !== null && v.state.status === 'ACTIVE' && v.state.parentId === null,
      )
      .sort(byCode);
  }

  /** Localities of a commune on `asOf`, by code. */
  localitiesOf(communeId: string, asOf: CalendarDate, includeDissolved = false): LocalityView[] {
    const result: LocalityView[] = [];
    for (const id of this.localityEdges.get(communeId) ?? []) {
      const view = this.locality(id, asOf);
      if (!view || view.state.communeId !== communeId) continue;
      if (view.state.status !== 'ACTIVE' && !includeDissolved) continue;
      result.push(view);
    }
    return result.sort(byCode);
  }

  /** Localities in the subtree of `under` (itself included) on `asOf`, by code. */
  listLocalities(query: LocalityQuery, asOf: CalendarDate): LocalityView[] {
    let communes: string[];
    if (query.under) {
      communes = [query.under, ...this.subtree(query.under, asOf).map((v) => v.record.id)];
    } else {
      communes = [...this.localityEdges.keys()];
    }
    const result = communes.flatMap((id) => this.localitiesOf(id, asOf, query.includeDissolved ?? false));
    return result
      .filter(
        (v) =>
          (!query.kinds?.length || query.kinds.includes(v.state.kind)) &&
          (!query.withoutCell || this.coveringCells(v).length === 0),
      )
      .sort(byCode);
  }

  /** Cells covering a locality on its date, ignoring cells no longer active then. */
  coveringCells(view: LocalityView): OrganisationView[] {
    return view.state.cellIds
      .map((id) => this.organisation(id, view.asOf))
      .filter((v): v is OrganisationView => v !== null && v.state.status === 'ACTIVE');
  }

  /** Localities a cell covers on `asOf`. */
  coveredBy(cellId: string, asOf: CalendarDate): LocalityView[] {
    // A cell covers localities of its own commune or one above it: look through the communes on its path.
    const communes = [cellId, ...this.ancestors(cellId, asOf).map((a) => a.record.id)];
    return communes
      .flatMap((id) => this.localitiesOf(id, asOf))
      .filter((v) => v.state.cellIds.includes(cellId));
  }

  /** Share of localities with a head in office who is a Party member, below `under` on `asOf`. */
  headMembership(under: string, asOf: CalendarDate) {
    const localities = this.listLocalities({ under }, asOf);
    let withHead = 0;
    let headsWhoAreMembers = 0;
    for (const view of localities) {
      const head = headAt(view.record, asOf);
      if (!head) continue;
      withHead += 1;
      if (head.memberId) headsWhoAreMembers += 1;
    }
    return {
      localities: localities.length,
      withHead,
      headsWhoAreMembers,
      share: withHead === 0 ? null : headsWhoAreMembers / withHead,
    };
  }

  isActive(id: string, asOf: CalendarDate): boolean {
    const record = this.organisations.get(id);
    return record ? activeAt(record, asOf) !== null : false;
  }

  private subtreeWithDissolved(id: string, asOf: CalendarDate): OrganisationView[] {
    const result: OrganisationView[] = [];
    const visit = (parentId: string) => {
      for (const child of this.children(parentId, asOf, true)) {
        result.push(child);
        visit(child.record.id);
      }
    };
    visit(id);
    return result;
  }

  private searchKeyOf(view: OrganisationView): string {
    const cached = this.searchKeys.get(view.record.id);
    if (cached?.name === view.state.name) return cached.key;
    const key = searchKey(view.state.name);
    this.searchKeys.set(view.record.id, { name: view.state.name, key });
    return key;
  }
}
