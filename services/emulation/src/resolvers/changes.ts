import type { EmulationRankingPublishedV1 } from '@dangvien/contracts';
import type { Context } from '../context';
import type { PublicationDocument } from '../commands/publications';
import { organisationId, organisationRef } from './ids';
import { provinceOf } from './query';

type Entry = Pick<
  EmulationRankingPublishedV1['entries'][number],
  'organisationId' | 'score' | 'rank' | 'provinceRank'
>;

/** The entries of the ranking as last published (its digest is the published peer groups). */
function publishedEntries(doc: PublicationDocument | null): Map<string, Entry> {
  const out = new Map<string, Entry>();
  if (!doc) return out;
  const groups = JSON.parse(doc.digest) as { entries: Entry[] }[];
  for (const group of groups) for (const entry of group.entries) out.set(entry.organisationId, entry);
  return out;
}

/**
 * What changed in a province's year since its ranking was last published: scores are computed on
 * read, so a fact recorded late is already in them; this says which units moved and which late facts
 * (recorded after the year ended) explain it.
 */
export async function emulationChanges(
  _: unknown,
  args: { year: number; provinceId: string },
  context: Context,
) {
  const id = organisationId(args.provinceId, ['provinceId']);
  const root = await provinceOf(context, id, ['provinceId']);
  const [result, records, publication, late] = await Promise.all([
    context.yearOf(root, args.year),
    context.trees.loadUnder(root),
    context.publicationsOf.findOne({ _id: `RANKING:${args.year}:${root}` } as never) as Promise<unknown>,
    context.late.ofYear(args.year),
  ]);
  const doc = publication as PublicationDocument | null;
  // The instant of the last publication (the day alone cannot order a fact recorded the same day).
  const publishedAt = doc?.updatedAt ? new Date(doc.updatedAt).toISOString() : null;
  const published = publishedEntries(doc);
  const units = doc
    ? result.rows
        .map((row) => ({ row, was: published.get(row.id) }))
        .filter(
          ({ row, was }) =>
            (was?.score ?? null) !== row.score ||
            (was?.rank ?? null) !== row.rank ||
            (was?.provinceRank ?? null) !== row.provinceRank,
        )
        .sort((a, b) => (a.row.code < b.row.code ? -1 : a.row.code > b.row.code ? 1 : 0))
        .map(({ row, was }) => ({
          organisation: organisationRef(row.id),
          publishedScore: was?.score ?? null,
          score: row.score,
          publishedRank: was?.rank ?? null,
          rank: row.rank,
          publishedProvinceRank: was?.provinceRank ?? null,
          provinceRank: row.provinceRank,
        }))
    : [];
  // Every unit ever in the province, those gone by the year's end too: their facts count there.
  const province = new Set([root, ...records.map((record) => record.id)]);
  const lateFacts = late
    .filter((fact) => fact.organisationIds.some((org) => province.has(org)))
    .sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0))
    .map((fact) => ({
      eventId: fact.eventId,
      eventType: fact.type,
      effectiveDate: fact.effectiveDate,
      recordedOn: fact.recordedOn,
      afterPublication: publishedAt === null || fact.recordedAt > publishedAt,
      organisations: fact.organisationIds.map(organisationRef),
    }));
  return {
    year: args.year,
    province: organisationRef(root),
    publishedRevision: doc?.revision ?? null,
    publishedOn: doc?.publishedOn ?? null,
    units,
    lateFacts,
  };
}
