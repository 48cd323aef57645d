import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

/** The statuses a member is counted under; GONE (left, expelled, died…) is never counted. */
export const COUNTED_STATUSES = ['PROBATIONARY', 'OFFICIAL'] as const;
export type CountedStatus = (typeof COUNTED_STATUSES)[number];
export type PlacementStatus = CountedStatus | 'GONE';

/**
 * Where one Party member is counted, projected from the members service's events. Only what the
 * organisation counts need: the members service owns everything else about a member.
 */
export interface MemberPlacementDocument {
  /** The member id (the subject of the member's events). */
  _id: string;
  /** The organisation whose list the member is on (their home cell); null once GONE. */
  organisationId: string | null;
  status: PlacementStatus;
  /**
   * Where the member works while on temporary transfer. They stay on their home organisation's list
   * and are counted there, so this never moves a count.
   */
  temporaryAt: string | null;
  /** The member aggregate's version of the last event applied: older or repeated events change nothing. */
  sequence: number;
  updatedAt: Date;
}

const memberPlacementSchema = new Schema<MemberPlacementDocument>(
  {
    _id: { type: String, required: true },
    organisationId: { type: String, default: null },
    status: { type: String, required: true, enum: [...COUNTED_STATUSES, 'GONE'] },
    temporaryAt: { type: String, default: null },
    sequence: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'member_placements', versionKey: false, autoIndex: false, strict: 'throw' },
);

// The counts query. MongoDB uses it; FerretDB v1 accepts it and scans anyway.
memberPlacementSchema.index({ organisationId: 1, status: 1 });

export type MemberPlacementModel = Model<MemberPlacementDocument>;

/** What one member event does to the member's placement. */
export type PlacementChange =
  /**
   * Counted in `organisationId` with `status` from now on: admission, recognition as official, a
   * permanent transfer. `endsTemporaryTransfer` clears `temporaryAt` (a permanent transfer does;
   * recognition as official does not change where the member works).
   */
  | { kind: 'COUNTED'; organisationId: string; status: CountedStatus; endsTemporaryTransfer: boolean }
  /**
   * Working in `at` for a while, still counted at home with `status`. `homeOrganisationId` is used only
   * when this is the first event of the member the projection sees; otherwise the stored home stays.
   */
  | { kind: 'TEMPORARY_TRANSFER'; at: string; status: CountedStatus; homeOrganisationId: string }
  /** No longer a member of the Party organisation: counted nowhere. */
  | { kind: 'GONE' };

export interface MemberCounts {
  official: number;
  probationary: number;
}

export interface MemberPlacements {
  readonly model: MemberPlacementModel;
  /**
   * Applies `change` if `sequence` is newer than the member's stored sequence, in one single-document
   * write. Returns false when the stored placement is already at `sequence` or later: a repeated or
   * stale event, or a concurrent writer that got there first. Safe to call any number of times.
   */
  applyPlacement(memberId: string, sequence: number, change: PlacementChange): Promise<boolean>;
  /**
   * Counted members per organisation, in one aggregation. Every id asked for is in the result, with
   * zeros when nobody is counted there. Counts are the organisation's own members, not its subtree's.
   */
  countsFor(organisationIds: readonly string[]): Promise<Map<string, MemberCounts>>;
}

const DUPLICATE_KEY = 11000;

export function memberPlacementModel(connection: Connection): MemberPlacementModel {
  return (
    (connection.models.MemberPlacement as MemberPlacementModel | undefined) ??
    connection.model<MemberPlacementDocument>('MemberPlacement', memberPlacementSchema)
  );
}

/**
 * The projection's data access. Call `model.createIndexes()` once at start-up (autoIndex is off, as
 * for every model here).
 */
export function createMemberPlacements(connection: Connection): MemberPlacements {
  const model = memberPlacementModel(connection);

  function updateFor(sequence: number, change: PlacementChange) {
    const meta = { sequence, updatedAt: new Date() };
    switch (change.kind) {
      case 'COUNTED':
        return change.endsTemporaryTransfer
          ? {
              $set: {
                ...meta,
                organisationId: change.organisationId,
                status: change.status,
                temporaryAt: null,
              },
            }
          : {
              $set: { ...meta, organisationId: change.organisationId, status: change.status },
              $setOnInsert: { temporaryAt: null },
            };
      case 'TEMPORARY_TRANSFER':
        return {
          $set: { ...meta, status: change.status, temporaryAt: change.at },
          $setOnInsert: { organisationId: change.homeOrganisationId },
        };
      case 'GONE':
        return { $set: { ...meta, status: 'GONE' as const, organisationId: null, temporaryAt: null } };
    }
  }

  return {
    model,

    async applyPlacement(memberId, sequence, change) {
      if (!Number.isSafeInteger(sequence) || sequence < 0) {
        throw new RangeError(`sequence must be a non-negative integer, got ${sequence}`);
      }
      try {
        // Matches only a placement older than this event. When none matches, the upsert tries to
        // insert `_id: memberId`: that succeeds for a member seen for the first time and fails with
        // a duplicate key when the member is stored at this sequence or later, i.e. already applied.
        // One document, one write: no transaction needed, and the same on MongoDB and FerretDB.
        await model.collection.updateOne(
          { _id: memberId, sequence: { $lt: sequence } } as never,
          updateFor(sequence, change),
          { upsert: true },
        );
        return true;
      } catch (error) {
        if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
        throw error;
      }
    },

    async countsFor(organisationIds) {
      const ids = [...new Set(organisationIds)];
      const counts = new Map<string, MemberCounts>(ids.map((id) => [id, { official: 0, probationary: 0 }]));
      if (ids.length === 0) return counts;
      const groups = await model.collection
        .aggregate<{ _id: { organisationId: string; status: CountedStatus }; count: number }>([
          { $match: { organisationId: { $in: ids }, status: { $in: [...COUNTED_STATUSES] } } },
          { $group: { _id: { organisationId: '$organisationId', status: '$status' }, count: { $sum: 1 } } },
        ])
        .toArray();
      for (const { _id, count } of groups) {
        const entry = counts.get(_id.organisationId);
        if (!entry) continue;
        if (_id.status === 'OFFICIAL') entry.official = count;
        else entry.probationary = count;
      }
      return counts;
    },
  };
}
