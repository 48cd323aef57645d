import { Refusal } from '@dangvien/domain';
import type { Context } from '../context';
import { mayReadMember } from '../access';
import type { Inspection } from '../domain/inspections';
import { RULES } from '../domain/rules';
import { memberId, organisationId, organisationRef } from './ids';
import { resultView, reviewViews } from './views';

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

  async reviews(ref: { id: string }, _: unknown, context: Context) {
    const id = organisationId(ref.id, ['id']);
    const docs = await context.store.reviewsOfSubjects([id]);
    return reviewViews(
      context,
      docs.filter((d) => d.subjectKind === 'ORGANISATION'),
    );
  },
};

export const Member = {
  __resolveReference: (reference: { id: string }) => reference,

  /** Personal data: refused to a caller who may not read this member's reviews. */
  async reviews(ref: { id: string }, _: unknown, context: Context) {
    const id = memberId(ref.id, ['id']);
    const docs = (await context.store.reviewsOfSubjects([id])).filter((d) => d.subjectKind === 'MEMBER');
    const places = await context.trees.load(docs.map((d) => d.organisationId));
    for (const doc of docs) {
      const place = {
        organisationId: doc.organisationId,
        ancestors: places.get(doc.organisationId)?.ancestorIds ?? [],
      };
      if (!mayReadMember(context.identity, id, place)) {
        throw new Refusal(
          RULES.notAuthorised,
          "Only the member, their cell, the committees above and auditors read a member's reviews",
          ['reviews'],
        );
      }
    }
    return reviewViews(context, docs);
  },
};

export const InspectionType = {
  organisation: (inspection: Inspection) => organisationRef(inspection.organisationId),
};
