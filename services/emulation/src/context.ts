import type { Access } from '@dangvien/auth';
import type { InspectionCommands } from './commands/inspection-commands';
import type { Publications } from './commands/publications';
import type { ReviewCommands } from './commands/review-commands';
import type { LateFacts } from './model/late-facts';
import type { MemberStore } from './model/member-store';
import type { ProjectionVersion } from './model/projection-version';
import type { ReviewStore } from './model/review-store';
import type { TreeStore } from './model/tree-store';
import type { ProvinceYears } from './queries/province-year';
import type { YearResult } from './domain/year-scores';
import type { mongo } from 'mongoose';

export interface Context {
  /** The caller and their reach (successors of their unit included): access.ts asks it. */
  access: Access;
  reviews: ReviewCommands;
  inspectionCommands: InspectionCommands;
  publications: Publications;
  store: ReviewStore;
  trees: TreeStore;
  members: MemberStore;
  late: LateFacts;
  /** Changed by every command (resolvers/index.ts) so cached province years are recomputed. */
  version: ProjectionVersion;
  publicationsOf: mongo.Collection;
  inspections: mongo.Collection;
  years: ProvinceYears;
  /** One province-year computed once per request, however many fields ask for it. */
  yearOf(rootId: string, year: number): Promise<YearResult>;
}

/** The per-request memo of province years. */
export function memoYears(years: ProvinceYears): Context['yearOf'] {
  const cache = new Map<string, Promise<YearResult>>();
  return (rootId, year) => {
    const key = `${rootId}:${year}`;
    let found = cache.get(key);
    if (!found) cache.set(key, (found = years.year(rootId, year)));
    return found;
  };
}
