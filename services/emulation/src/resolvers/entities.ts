import { Refusal } from '@dangvien/domain';
import type { PageArgs } from '@dangvien/graphql';
import type { Context } from '../context';
import { mayReadMember } from '../access';
import type { Inspection } from '../domain/inspections';
import { RULES } from '../domain/rules';
import { memberId, organisationId, organisationRef } from './ids';
import { reviewConnection } from './reviews';
import { resultView } from './views';

export const Organisation = {
  __resolveReference: (reference: { id: string }) => reference,

  async emulation(ref: { id: string }, args: { year: number }, context: Context) {
    const id = organisationId(ref.id, ['id']);
    const root = await context.years.rootOf(id);
    if (!root) return null;
    const result = await context.yearOf(root, args.year);
    const row = result.rows.find((r) => r.id === id);
    return row ? resultView(result, row) : null;
  },

  /** A unit's reviews are not personal data. */
  reviews(ref: { id: string }, args: PageArgs, context: Context) {
    return reviewConnection(context, 'ORGANISATION', organisationId(ref.id, ['id']), args);
  },
};

export const Member = {
  __resolveReference: (reference: { id: string }) => reference,

  /**
   * Personal data: refused to a caller who may not read this member's reviews, each review placed where
   * the member was reviewed (their organisation then, and every unit ever above it).
   */
  reviews(ref: { id: string }, args: PageArgs, context: Context) {
    const id = memberId(ref.id, ['id']);
    return reviewConnection(context, 'MEMBER', id, args, async (docs) => {
      const places = await context.trees.load(docs.map((d) => d.organisationId));
      for (const doc of docs) {
        const place = {
          organisationId: doc.organisationId,
          ancestors: places.get(doc.organisationId)?.ancestorIds ?? [],
        };
        if (!mayReadMember(context.access, id, place)) {
          throw new Refusal(
            RULES.notAuthorised,
            "Only the member, their cell, the committees above and auditors read a member's reviews",
            ['reviews'],
          );
        }
      }
    });
  },
};

export const InspectionType = {
  organisation: (inspection: Inspection) => organisationRef(inspection.organisationId),
};
