import type { mongo } from 'mongoose';
import { createEvent, EVENT_TYPES } from '@dangvien/contracts';
import type {
  AwardCandidatesListedV1,
  EmulationRankingPublishedV1,
  EventEnvelope,
} from '@dangvien/contracts';
import type { Access } from '@dangvien/auth';
import { eventIdentity, Refusal, todayInVietnam } from '@dangvien/domain';
import type { Stamp } from '@dangvien/domain';
import type { Mutex, OutboxWriter } from '@dangvien/kafka';
import { checkMayAdminister } from '../access';
import { peerKey } from '../domain/ranking';
import { RULES } from '../domain/rules';
import type { YearResult } from '../domain/year-scores';

export interface PublicationDocument {
  _id: string;
  version: number;
  kind: 'RANKING' | 'AWARDS';
  year: number;
  rootId: string;
  revision: number;
  /** What was published, to tell a republication with changes from a repeat. */
  digest: string;
  publishedOn: string;
  /** When the last revision was published. */
  updatedAt?: Date;
}

export interface Published {
  kind: 'RANKING' | 'AWARDS';
  year: number;
  revision: number;
  /** How many events went out: one per peer group, or per award and granting committee. */
  events: number;
}

type RankingData = Omit<EmulationRankingPublishedV1, 'publicationId' | 'revision' | 'publishedOn'>;
type AwardsData = Omit<AwardCandidatesListedV1, 'revision' | 'listedOn'>;

/** One ranking per peer group, best first; units with no score are not published. */
export function rankingGroups(result: YearResult, rootId: string, year: number): RankingData[] {
  const groups = new Map<string, RankingData>();
  // Best first, equal ranks by code (as the ranking query lists them).
  const rows = [...result.rows].sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || a.code.localeCompare(b.code));
  for (const row of rows) {
    if (row.score === null || row.rank === null || row.provinceRank === null || row.parentId === null)
      continue;
    const key = peerKey(row);
    let group = groups.get(key);
    if (!group) {
      group = {
        rankingId: `${year}:${row.parentId}:${row.level}:${row.sector}`,
        year,
        rootId,
        parentId: row.parentId,
        level: row.level,
        sector: row.sector,
        criteriaSet: result.set.legalReference,
        entries: [],
      };
      groups.set(key, group);
    }
    group.entries.push({
      organisationId: row.id,
      score: row.score,
      rank: row.rank,
      provinceRank: row.provinceRank,
      previousRank: row.previousRank,
    });
  }
  const out = [...groups.values()].sort((a, b) => a.rankingId.localeCompare(b.rankingId));
  return out;
}

/** One list per award and granting committee. */
export function awardLists(result: YearResult, year: number): AwardsData[] {
  const lists = new Map<string, AwardsData>();
  for (const candidate of result.awards) {
    const listId = `${year}:${candidate.award}:${candidate.grantingOrganisationId}`;
    const list = lists.get(listId) ?? {
      listId,
      year,
      award: candidate.award,
      grantingOrganisationId: candidate.grantingOrganisationId,
      candidates: [],
    };
    list.candidates.push({
      subjectKind: candidate.subjectKind,
      memberId: candidate.memberId,
      organisationId: candidate.organisationId,
      basisYears: candidate.basisYears,
    });
    lists.set(listId, list);
  }
  return [...lists.values()].sort((a, b) => a.listId.localeCompare(b.listId));
}

/**
 * Publishing a year's ranking or award candidates of a province: the computed result goes out as
 * events (one per peer group, or per award list), with a revision; publishing again is refused unless
 * something changed since (a late event), and then supersedes the earlier revision.
 */
export function createPublications(deps: {
  publications: mongo.Collection;
  outbox: OutboxWriter;
  exclusive: Mutex;
  stamp: () => Stamp;
}) {
  async function publish(
    access: Access,
    kind: 'RANKING' | 'AWARDS',
    rootId: string,
    year: number,
    result: YearResult,
  ): Promise<Published> {
    checkMayAdminister(access, rootId);
    return deps.exclusive(async () => {
      const stamp = deps.stamp();
      const on = todayInVietnam(stamp.time);
      const id = `${kind}:${year}:${rootId}`;
      const existing = (await deps.publications.findOne({ _id: id } as never)) as PublicationDocument | null;
      const revision = (existing?.revision ?? 0) + 1;
      const publicationId = stamp.newId();
      const groups = kind === 'RANKING' ? rankingGroups(result, rootId, year) : awardLists(result, year);
      const digest = JSON.stringify(groups);
      if (groups.length === 0) {
        throw new Refusal(
          RULES.nothingToPublish,
          kind === 'RANKING' ? `No unit is scored in ${year}` : `No award candidate in ${year}`,
          ['year'],
        );
      }
      if (existing?.digest === digest) {
        throw new Refusal(
          RULES.nothingToPublish,
          `Nothing changed since revision ${existing.revision} of ${existing.publishedOn}`,
          ['year'],
        );
      }
      // Each aggregate (a peer group's ranking, an award list) gets one event per revision: its sequence.
      const events: EventEnvelope[] = groups.map((group) =>
        kind === 'RANKING'
          ? createEvent(
              EVENT_TYPES.EmulationRankingPublished,
              (group as RankingData).rankingId,
              revision,
              { ...(group as RankingData), publicationId, revision, publishedOn: on },
              eventIdentity(stamp),
            )
          : createEvent(
              EVENT_TYPES.AwardCandidatesListed,
              (group as AwardsData).listId,
              revision,
              { ...(group as AwardsData), revision, listedOn: on },
              eventIdentity(stamp),
            ),
      );
      const fields = { kind, year, rootId, revision, digest, publishedOn: on, updatedAt: stamp.time };
      if (!existing) {
        await deps.outbox.insert(
          deps.publications,
          { _id: id, version: 1, ...fields, createdAt: stamp.time },
          events,
        );
      } else {
        const written = await deps.outbox.update(
          deps.publications,
          { _id: id, version: existing.version },
          { $set: { ...fields, version: existing.version + 1 } },
          events,
        );
        if (!written) throw new Error(`publication ${id} changed meanwhile; try again`);
      }
      return { kind, year, revision, events: events.length };
    });
  }
  return { publish };
}

export type Publications = ReturnType<typeof createPublications>;
