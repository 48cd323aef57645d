import type { Criterion } from '../domain/criteria';
import type { UnitRow, YearResult } from '../domain/year-scores';
import type { ReviewDocument } from '../model/review-store';
import { decisionInForce, tuplesOf } from '../model/review-store';
import type { Context } from '../context';
import { memberRef, organisationRef } from './ids';

/** A unit's row of a year, with its breakdown: what EmulationResult resolves from. */
export function resultView(result: YearResult, row: UnitRow) {
  const detail = result.details.get(row.id)!;
  return {
    year: Number(result.tree.date.slice(0, 4)),
    organisation: organisationRef(row.id),
    score: row.score,
    breakdown: detail.score.breakdown.map((line) => ({ ...line, criterion: line.criterion as Criterion })),
    rank: row.rank,
    provinceRank: row.provinceRank,
    previousRank: row.previousRank,
    rankChange: row.previousRank !== null && row.rank !== null ? row.previousRank - row.rank : null,
    previousVia: row.previousVia.map(organisationRef),
    classification: row.classification,
    exemplary: row.exemplary,
    criteriaSet: result.set.legalReference,
  };
}

/** Reviews with the decision in force (the one their sheet names), sheets read in one batch; in their order. */
export async function reviewViews(context: Context, reviews: readonly ReviewDocument[]) {
  const [sheets, periods] = await Promise.all([
    context.store.loadSheets(reviews.map((r) => r.sheetId)),
    context.store.allPeriods(),
  ]);
  const byId = new Map(periods.map((p) => [p.id, p]));
  return reviews.map((review) => ({
    id: review._id,
    period: byId.get(review.periodId)!,
    subjectKind: review.subjectKind,
    organisation: organisationRef(review.organisationId),
    member: review.subjectKind === 'MEMBER' ? memberRef(review.subjectId) : null,
    selfAssessment: review.selfAssessment,
    proposal: review.proposal,
    decision: decisionInForce(review, tuplesOf(sheets.get(review.sheetId))[review._id]),
  }));
}
