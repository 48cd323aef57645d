import { accessError } from '@dangvien/auth';
import type { ObjectScope } from '@dangvien/auth';
import type { Context } from '../context';
import type { OrganisationVersion } from '../domain/history';
import { createdOn, dissolvedOn } from '../domain/history';
import { dayBefore } from '@dangvien/domain';
import { headAt } from '../domain/locality';
import { structureRulesAt, structureWarnings } from '../domain/structure-rules';
import type { LocalityView, OrganisationView } from '../tree/tree-index';
import { connectionFromList, localIdOf, toGlobalId } from '@dangvien/graphql';
import { LOCALITY_TYPE, localityGlobalId, MEMBER_TYPE, ORGANISATION_TYPE, organisationGlobalId } from './ids';
import { pageByCode } from './pagination';
import type { FilterInput } from './query';
import { organisationQuery } from './query';

type Page = { first?: number | null; after?: string | null };

function views(context: Context, ids: string[], asOf: string): OrganisationView[] {
  // Lineage may point at units that no longer exist on `asOf`: show them as they last stood.
  return ids
    .map((id) => {
      const record = context.index.organisationRecord(id);
      if (!record) return null;
      return (
        context.index.organisation(id, asOf) ?? context.index.organisation(id, record.versions.at(-1)!.from)
      );
    })
    .filter((v): v is OrganisationView => v !== null);
}

export const Organisation = {
  __resolveReference(reference: { id: string }, context: Context): Promise<OrganisationView | null> | null {
    const id = localIdOf(reference.id, ORGANISATION_TYPE);
    return id ? context.loaders.organisation.load(id) : null;
  },
  id: (view: OrganisationView) => organisationGlobalId(view.record.id),
  asOf: (view: OrganisationView) => view.asOf,
  code: (view: OrganisationView) => view.record.code,
  name: (view: OrganisationView) => view.state.name,
  level: (view: OrganisationView) => view.state.level,
  sector: (view: OrganisationView) => view.state.sector,
  status: (view: OrganisationView) => view.state.status,
  enterprise: (view: OrganisationView) => view.state.enterprise,
  parent: (view: OrganisationView, _: unknown, context: Context) =>
    view.state.parentId ? context.index.organisation(view.state.parentId, view.asOf) : null,
  ancestors: (view: OrganisationView, _: unknown, context: Context) =>
    context.index.ancestors(view.record.id, view.asOf),
  depth: (view: OrganisationView, _: unknown, context: Context) =>
    context.index.ancestors(view.record.id, view.asOf).length,
  children: (view: OrganisationView, args: Page & { includeDissolved?: boolean | null }, context: Context) =>
    pageByCode(context.index.children(view.record.id, view.asOf, args.includeDissolved ?? false), args),
  descendants: (view: OrganisationView, args: Page & { filter?: FilterInput | null }, context: Context) =>
    pageByCode(
      context.index.listOrganisations(
        { ...organisationQuery(args.filter), under: view.record.id },
        view.asOf,
      ),
      args,
    ),
  // Computed whole from the in-memory tree index (a commune has tens of localities), paged by code then id.
  localities: (
    view: OrganisationView,
    args: Page & { includeDissolved?: boolean | null },
    context: Context,
  ) =>
    connectionFromList(
      context.index.localitiesOf(view.record.id, view.asOf, args.includeDissolved ?? false),
      args,
      (locality) => [locality.record.code, locality.record.id],
    ),
  coveredLocalities: (view: OrganisationView, _: unknown, context: Context) =>
    context.index.coveredBy(view.record.id, view.asOf),
  validFrom: (view: OrganisationView) => createdOn(view.record),
  validUntil: (view: OrganisationView) => {
    const dissolved = dissolvedOn(view.record);
    return dissolved ? dayBefore(dissolved) : null;
  },
  history: (view: OrganisationView) =>
    view.record.versions.map((version, i) => ({
      version,
      to: view.record.versions[i + 1] ? dayBefore(view.record.versions[i + 1]!.from) : null,
    })),
  predecessors: (view: OrganisationView, _: unknown, context: Context) =>
    views(context, view.record.predecessorIds, view.asOf),
  successors: (view: OrganisationView, _: unknown, context: Context) =>
    views(context, view.record.successorIds, view.asOf),
  memberCounts: async (view: OrganisationView, _: unknown, context: Context) => {
    const counts = await context.loaders.memberCounts.load(view.record.id);
    return { ...counts, total: counts.official + counts.probationary };
  },
  warnings: async (view: OrganisationView, _: unknown, context: Context) => {
    if (view.state.status !== 'ACTIVE') return [];
    // A grassroots committee's members sit in the cells below it: count the subtree for it.
    const ids =
      view.state.level === 'GRASSROOTS_COMMITTEE'
        ? [view.record.id, ...context.index.subtree(view.record.id, view.asOf).map((v) => v.record.id)]
        : [view.record.id];
    const counts = await context.loaders.memberCounts.loadMany(ids);
    let official = 0;
    let probationary = 0;
    for (const c of counts) {
      if (c instanceof Error) throw c;
      official += c.official;
      probationary += c.probationary;
    }
    return structureWarnings({ level: view.state.level, official, probationary, date: view.asOf });
  },
};

export const OrganisationVersionType = {
  from: (row: { version: OrganisationVersion }) => row.version.from,
  to: (row: { to: string | null }) => row.to,
  name: (row: { version: OrganisationVersion }) => row.version.name,
  level: (row: { version: OrganisationVersion }) => row.version.level,
  sector: (row: { version: OrganisationVersion }) => row.version.sector,
  status: (row: { version: OrganisationVersion }) => row.version.status,
  change: (row: { version: OrganisationVersion }) => row.version.change,
  decision: (row: { version: OrganisationVersion }) => row.version.decision,
  reason: (row: { version: OrganisationVersion }) => row.version.reason,
  parent: (row: { version: OrganisationVersion }, _: unknown, context: Context) =>
    row.version.parentId ? context.index.organisation(row.version.parentId, row.version.from) : null,
};

export const Locality = {
  // A reference to a locality (by `node`, as of today): the tree index answers it from memory.
  __resolveReference(reference: { id: string }, context: Context): LocalityView | null {
    const id = localIdOf(reference.id, LOCALITY_TYPE);
    return id ? context.index.locality(id, context.today) : null;
  },
  id: (view: LocalityView) => localityGlobalId(view.record.id),
  asOf: (view: LocalityView) => view.asOf,
  code: (view: LocalityView) => view.record.code,
  name: (view: LocalityView) => view.state.name,
  kind: (view: LocalityView) => view.state.kind,
  status: (view: LocalityView) => view.state.status,
  commune: (view: LocalityView, _: unknown, context: Context) =>
    context.index.organisation(view.state.communeId, view.asOf),
  cells: (view: LocalityView, _: unknown, context: Context) => context.index.coveringCells(view),
  head: (view: LocalityView, _: unknown, context: Context) => {
    const head = headAt(view.record, view.asOf);
    return head ? { ...head, scope: localityScope(view, context) } : null;
  },
  heads: (view: LocalityView, _: unknown, context: Context) => {
    const scope = localityScope(view, context);
    return view.record.heads.map((head) => ({ ...head, scope }));
  },
  validFrom: (view: LocalityView) => view.record.versions[0]!.from,
};

/** Where a locality sits, for access: its commune and the commune's ancestors, and its cells. */
function localityScope(view: LocalityView, context: Context): ObjectScope {
  const { communeId, cellIds } = view.state;
  const above = context.index.ancestors(communeId, view.asOf).map((a) => a.record.id);
  return { ancestorIds: [communeId, ...above, ...cellIds] };
}

type ScopedHead = { name: string; memberId: string | null; scope: ObjectScope };

/** A head is a person: their name and member file are personal data (null with an error otherwise). */
function personal<T>(head: ScopedHead, context: Context, field: string, value: () => T): T {
  if (!context.access.canReadPersonal(head.scope)) {
    throw accessError(
      context.access,
      'PERSONAL_DATA_OUT_OF_SCOPE',
      `LocalityHead.${field} is personal data outside the caller's scope`,
    );
  }
  return value();
}

export const LocalityHead = {
  name: (head: ScopedHead, _: unknown, context: Context) => personal(head, context, 'name', () => head.name),
  isMember: (head: ScopedHead) => head.memberId !== null,
  member: (head: ScopedHead, _: unknown, context: Context) =>
    personal(head, context, 'member', () =>
      head.memberId ? { id: toGlobalId(MEMBER_TYPE, head.memberId) } : null,
    ),
};

export function headMembershipTarget(asOf: string): number {
  return structureRulesAt(asOf).villageHeadMembershipTarget;
}
