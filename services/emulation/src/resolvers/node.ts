import DataLoader from 'dataloader';
import { accessError } from '@dangvien/auth';
import { localIdOf, toGlobalId } from '@dangvien/graphql';
import { mayReadMember } from '../access';
import { inspectionOf } from '../commands/inspection-commands';
import type { InspectionDocument } from '../commands/inspection-commands';
import type { Context } from '../context';
import type { Inspection } from '../domain/inspections';
import type { PeriodDocument, ReviewDocument } from '../model/review-store';
import { reviewViews } from './views';

/**
 * This subgraph's Node types (Relay): their ids are global ids, and `node`/`nodes` at the gateway
 * resolve them here as entity references — read in one batch per type for the whole request, and a
 * member's review answered only to those who may read that member's reviews (as `Member.reviews`).
 */
export const NODE_TYPES = { period: 'ReviewPeriod', review: 'Review', inspection: 'Inspection' } as const;

/** A period, review or inspection id of an input: its global id, or (as before Relay ids) the raw one. */
export const localNodeId = (type: string, value: string): string => localIdOf(value, type) ?? value;

function createNodeLoaders(context: Context) {
  return {
    periods: new DataLoader<string, PeriodDocument | null>(async (ids) => {
      const byId = new Map((await context.store.allPeriods()).map((p) => [p.id, p]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    reviews: new DataLoader<string, ReviewDocument | null>(async (ids) => {
      const found = await context.store.loadReviews(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    inspections: new DataLoader<string, InspectionDocument | null>(async (ids) => {
      const found = new Map((await context.store.inspectionsByIds(ids)).map((d) => [d._id, d]));
      return ids.map((id) => found.get(id) ?? null);
    }),
  };
}

// Per request: the context is the request's, so the loaders live and die with it.
const loaders = new WeakMap<Context, ReturnType<typeof createNodeLoaders>>();
function loadersOf(context: Context) {
  let found = loaders.get(context);
  if (!found) loaders.set(context, (found = createNodeLoaders(context)));
  return found;
}

async function readableReview(context: Context, doc: ReviewDocument) {
  if (doc.subjectKind === 'MEMBER') {
    const tree = (await context.trees.load([doc.organisationId])).get(doc.organisationId);
    const place = { organisationId: doc.organisationId, ancestors: tree?.ancestorIds ?? [] };
    if (!mayReadMember(context.access, doc.subjectId, place)) {
      throw accessError(
        context.access,
        'PERSONAL_DATA_OUT_OF_SCOPE',
        "This member's reviews are outside the caller's scope",
      );
    }
  }
  return (await reviewViews(context, [doc]))[0] ?? null;
}

const reference = (type: string, ref: { id: string }) => localIdOf(ref.id, type);

export const nodeResolvers = {
  ReviewPeriod: {
    __resolveReference: async (ref: { id: string }, context: Context) => {
      const id = reference(NODE_TYPES.period, ref);
      return id ? loadersOf(context).periods.load(id) : null;
    },
    id: (period: { id: string }) => toGlobalId(NODE_TYPES.period, period.id),
  },
  Review: {
    __resolveReference: async (ref: { id: string }, context: Context) => {
      const id = reference(NODE_TYPES.review, ref);
      const doc = id ? await loadersOf(context).reviews.load(id) : null;
      return doc ? readableReview(context, doc) : null;
    },
    id: (review: { id: string }) => toGlobalId(NODE_TYPES.review, review.id),
  },
  Inspection: {
    __resolveReference: async (ref: { id: string }, context: Context): Promise<Inspection | null> => {
      const id = reference(NODE_TYPES.inspection, ref);
      const doc = id ? await loadersOf(context).inspections.load(id) : null;
      return doc ? inspectionOf(doc) : null;
    },
    id: (inspection: { id: string }) => toGlobalId(NODE_TYPES.inspection, inspection.id),
  },
};
