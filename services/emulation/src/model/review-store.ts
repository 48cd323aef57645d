import type { mongo } from 'mongoose';
import type { ClassificationLevel, ReviewPeriodKind, ReviewSubjectKind } from '@dangvien/contracts';
import type { BatchedReads } from '@dangvien/db';
import type { InspectionDocument } from '../commands/inspection-commands';
import type { ReviewPeriod } from '../domain/periods';
import type { StepRecord } from '../domain/review-steps';
import { loadDocuments, parseJson } from './records';
import type { VersionedDocument } from './records';

/** Who a review is about, fixed when the review is opened (its first step). */
export interface ReviewSubject {
  subjectKind: ReviewSubjectKind;
  subjectId: string;
  /** The organisation reviewed, or the member's organisation at the end of the period. */
  organisationId: string;
  /** The scope the excellent cap is counted in, and its sheet. */
  scopeId: string;
  sheetId: string;
  rootId: string;
}

export interface ReviewDocument extends VersionedDocument, ReviewSubject {
  periodId: string;
  year: number;
  /** The order of a subject's reviews, newest first when descending (reviewSortKey). */
  sortKey: string;
  selfAssessment: StepRecord | null;
  proposal: StepRecord | null;
  /** Every decision revision written; the one in force is the one the sheet names. */
  decisions: StepRecord[];
  createdAt: Date;
}

/** A decision as its sheet keeps it: what the cap and the scores need, compact. */
export interface SheetTuple {
  /** subject id */ s: string;
  /** organisation */ o: string;
  /** level */ l: ClassificationLevel;
  /** exemplary */ x: boolean;
  /** score */ p: number;
  /** revision */ r: number;
}

export interface SheetDocument extends VersionedDocument {
  periodId: string;
  periodKind: ReviewPeriodKind;
  year: number;
  subjectKind: ReviewSubjectKind;
  scopeId: string;
  rootId: string;
  /** JSON of { [reviewId]: SheetTuple }. */
  decisions: string;
  createdAt: Date;
}

export interface PeriodDocument extends ReviewPeriod {
  _id: string;
  version: number;
  createdAt: Date;
}

export const reviewIdOf = (periodId: string, subjectKind: ReviewSubjectKind, subjectId: string) =>
  `${periodId}:${subjectKind}:${subjectId}`;
export const sheetIdOf = (periodId: string, subjectKind: ReviewSubjectKind, scopeId: string) =>
  `${periodId}:${subjectKind}:${scopeId}`;

/** A subject's reviews are listed newest period first: by the period's last day, then its id. */
export const reviewSortKey = (period: { id: string; endDate: string }) => `${period.endDate} ${period.id}`;

export const tuplesOf = (sheet: SheetDocument | null | undefined): Record<string, SheetTuple> =>
  parseJson<Record<string, SheetTuple>>(sheet?.decisions, {});

/** The decision in force of a review: the revision its sheet names (a later one not on it never took). */
export function decisionInForce(review: ReviewDocument, tuple: SheetTuple | undefined): StepRecord | null {
  if (!tuple) return null;
  return review.decisions.find((d) => d.revision === tuple.r) ?? null;
}

export function createReviewStore(deps: {
  periods: mongo.Collection;
  reviews: mongo.Collection;
  sheets: mongo.Collection;
  inspections: mongo.Collection;
  reads: () => BatchedReads;
}) {
  const { periods, reviews, sheets, inspections } = deps;
  return {
    periods,
    reviews,
    sheets,
    inspections,
    /** The inspections planned in a province (every year), in one indexed read. */
    async inspectionsIn(rootId: string): Promise<InspectionDocument[]> {
      return (await inspections.find({ rootId } as never).toArray()) as unknown as InspectionDocument[];
    },
    /** The inspections of these organisations (every year). */
    async inspectionsOf(orgIds: readonly string[]): Promise<InspectionDocument[]> {
      return orgIds.length > 0
        ? deps.reads().byField<InspectionDocument>(inspections, 'organisationId', orgIds)
        : [];
    },
    /** Inspections by id (references from `node`/`nodes`), in one batched read. */
    async inspectionsByIds(ids: readonly string[]): Promise<InspectionDocument[]> {
      return [
        ...(
          await loadDocuments<InspectionDocument & VersionedDocument>(deps.reads(), inspections, ids)
        ).values(),
      ];
    },
    async period(id: string): Promise<PeriodDocument | null> {
      return (await periods.findOne({ _id: id } as never)) as PeriodDocument | null;
    },
    async allPeriods(): Promise<PeriodDocument[]> {
      return (await periods.find({}).toArray()) as unknown as PeriodDocument[];
    },
    async loadReviews(ids: readonly string[]): Promise<Map<string, ReviewDocument>> {
      return loadDocuments<ReviewDocument>(deps.reads(), reviews, ids);
    },
    /**
     * One page of a subject's reviews, newest period first: `limit + 1` after the cursor's sort key, an
     * equality on the indexed subject and a range on the sort key (index `{ subjectId, sortKey }`).
     */
    async reviewsOf(
      subjectKind: ReviewSubjectKind,
      subjectId: string,
      limit: number,
      after: string | null,
    ): Promise<ReviewDocument[]> {
      const filter = { subjectId, subjectKind, ...(after === null ? {} : { sortKey: { $lt: after } }) };
      return (await reviews
        .find(filter as never)
        .sort({ sortKey: -1 })
        .limit(limit + 1)
        .toArray()) as unknown as ReviewDocument[];
    },
    async countReviewsOf(subjectKind: ReviewSubjectKind, subjectId: string): Promise<number> {
      return reviews.countDocuments({ subjectId, subjectKind } as never);
    },
    async loadSheets(ids: readonly string[]): Promise<Map<string, SheetDocument>> {
      return loadDocuments<SheetDocument>(deps.reads(), sheets, ids);
    },
    /** Every sheet of a province (all periods), in one indexed read. */
    async sheetsIn(rootId: string): Promise<SheetDocument[]> {
      return (await sheets.find({ rootId } as never).toArray()) as unknown as SheetDocument[];
    },
  };
}

export type ReviewStore = ReturnType<typeof createReviewStore>;
