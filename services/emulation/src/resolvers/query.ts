import type { AwardKind, OrganisationLevel, OrganisationSector } from '@dangvien/contracts';
import { Refusal } from '@dangvien/domain';
import { buildConnection, connectionFromList, decodeCursor, pageSize } from '@dangvien/graphql';
import type { PageArgs } from '@dangvien/graphql';
import type { Context } from '../context';
import { criteriaFor } from '../domain/criteria-sets';
import { inspectionGaps } from '../domain/inspections';
import { RULES } from '../domain/rules';
import type { UnitRow } from '../domain/year-scores';
import { createdOn, TreeOnDay } from '../domain/tree';
import { calendarDates, memberRef, organisationId, organisationRef } from './ids';
import { resultView } from './views';

/** The province an organisation is in, or a refusal naming the field. */
export async function provinceOf(context: Context, id: string, field: string[]): Promise<string> {
  const root = await context.years.rootOf(id);
  if (!root)
    throw new Refusal(
      RULES.organisationUnknown,
      `No organisation events have been received for ${id}`,
      field,
    );
  return root;
}

const byRank = (key: 'rank' | 'provinceRank') => (a: UnitRow, b: UnitRow) => {
  const x = a[key];
  const y = b[key];
  if (x !== y) return x === null ? 1 : y === null ? -1 : x - y;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
};

export interface RankingArgs {
  year: number;
  parentId?: string | null;
  provinceId?: string | null;
  level?: OrganisationLevel | null;
  sector?: OrganisationSector | null;
  first?: number | null;
  after?: string | null;
}

export const Query = {
  /** Few (a year's and its quarters'), so listed whole and paged in memory: newest last day first, then id. */
  reviewPeriods: async (_: unknown, args: PageArgs, context: Context) =>
    connectionFromList(await context.store.allPeriods(), args, (period) => [
      -Number(period.endDate.replaceAll('-', '')),
      period.id,
    ]),

  async emulationRanking(_: unknown, args: RankingArgs, context: Context) {
    const limit = pageSize(args);
    const scope = args.parentId ?? args.provinceId;
    if (!scope) {
      throw new Refusal(
        RULES.rankingScopeRequired,
        'A ranking is of the units under parentId, or of provinceId',
        ['parentId'],
      );
    }
    const field = [args.parentId ? 'parentId' : 'provinceId'];
    const id = organisationId(scope, field);
    const root = await provinceOf(context, id, field);
    const result = await context.yearOf(root, args.year);
    const rows = result.rows
      .filter((row) => !args.parentId || row.parentId === id)
      .filter(
        (row) => (!args.level || row.level === args.level) && (!args.sector || row.sector === args.sector),
      )
      .sort(byRank(args.parentId ? 'rank' : 'provinceRank'));
    const start = args.after ? decodeCursor<number>(args.after) + 1 : 0;
    const page = rows
      .slice(start, start + limit + 1)
      .map((row, i) => ({ index: start + i, view: resultView(result, row) }));
    const connection = buildConnection(page, limit, (entry) => entry.index, {
      hasPreviousPage: start > 0,
      totalCount: rows.length,
    });
    return {
      ...connection,
      edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: edge.node.view })),
      nodes: connection.nodes.map((entry) => entry.view),
    };
  },

  async awardCandidates(
    _: unknown,
    args: PageArgs & { year: number; organisationId: string; award?: AwardKind | null },
    context: Context,
  ) {
    pageSize(args); // a bad `first` is refused before the year is computed
    const id = organisationId(args.organisationId, ['organisationId']);
    const root = await provinceOf(context, id, ['organisationId']);
    const result = await context.yearOf(root, args.year);
    const inScope = (orgId: string) => orgId === id || result.tree.ancestorsOf(orgId).includes(id);
    const candidates = result.awards.filter(
      (a) => (!args.award || a.award === args.award) && inScope(a.organisationId),
    );
    // Computed whole: paged in memory in the order computed (award, unit id, member id; unique).
    const page = connectionFromList(candidates, args, (a) => [a.award, a.organisationId, a.memberId ?? '']);
    const view = (a: (typeof candidates)[number]) => ({
      award: a.award,
      subjectKind: a.subjectKind,
      member: a.memberId ? memberRef(a.memberId) : null,
      organisation: organisationRef(a.organisationId),
      grantingOrganisation: organisationRef(a.grantingOrganisationId),
      basisYears: a.basisYears,
    });
    return {
      ...page,
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: view(edge.node) })),
      nodes: page.nodes.map(view),
    };
  },

  async uninspectedUnits(
    _: unknown,
    raw: PageArgs & { organisationId: string; asOf: Date },
    context: Context,
  ) {
    pageSize(raw);
    const args = calendarDates(raw) as unknown as PageArgs & { organisationId: string; asOf: string };
    const id = organisationId(args.organisationId, ['organisationId']);
    const root = await provinceOf(context, id, ['organisationId']);
    const year = Number(args.asOf.slice(0, 4));
    const set = criteriaFor(year);
    const records = await context.trees.loadUnder(root);
    const tree = new TreeOnDay(args.asOf, records);
    const units = records
      .filter((r) => tree.get(r.id) && set.rankedLevels.includes(tree.get(r.id)!.level))
      .filter((r) => r.id === id || tree.ancestorsOf(r.id).includes(id))
      .map((r) => ({ id: r.id, since: createdOn(r) ?? args.asOf }));
    const docs = await context.store.inspectionsOf(units.map((u) => u.id));
    const last = new Map<string, string>();
    for (const doc of docs) {
      if (doc.status !== 'COMPLETED' || !doc.completedOn || doc.completedOn > args.asOf) continue;
      if (!last.has(doc.organisationId) || last.get(doc.organisationId)! < doc.completedOn)
        last.set(doc.organisationId, doc.completedOn);
    }
    // Computed whole: paged in memory by the unit's code (then id: codes of units gone may recur).
    const gaps = inspectionGaps(units, last, args.asOf, set.inspectionGapMonths).map((gap) => ({
      id: gap.organisationId,
      code: tree.get(gap.organisationId)!.code,
    }));
    const page = connectionFromList(gaps, args, (gap) => [gap.code, gap.id]);
    return {
      ...page,
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: organisationRef(edge.node.id) })),
      nodes: page.nodes.map((gap) => organisationRef(gap.id)),
    };
  },
};
