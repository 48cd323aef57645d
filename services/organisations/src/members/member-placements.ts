import { Schema } from 'mongoose';
import type { Connection, Model, mongo } from 'mongoose';
import { isDuplicateKey } from '@dangvien/db';
import type { BatchedReads } from '@dangvien/db';

function checkSequence(sequence: number): void {
  if (!Number.isSafeInteger(sequence) || sequence < 0) {
    throw new RangeError(`sequence must be a non-negative integer, got ${sequence}`);
  }
}

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

export interface PlacementWrite {
  memberId: string;
  sequence: number;
  change: PlacementChange;
}

export interface MemberPlacements {
  readonly model: MemberPlacementModel;
  /**
   * `applyPlacement` for many events at once, in their order per member: one unordered bulk write per
   * round (a round holds at most one event per member; nearly always there is one round).
   */
  applyPlacements(writes: readonly PlacementWrite[]): Promise<void>;
  /**
   * Applies `change` if `sequence` is newer than the member's stored sequence, in one single-document
   * write. Returns false when the stored placement is already at `sequence` or later: a repeated or
   * stale event, or a concurrent writer that got there first. Safe to call any number of times.
   */
  applyPlacement(memberId: string, sequence: number, change: PlacementChange): Promise<boolean>;
  /**
   * Counted members per organisation, in one batched read. Every id asked for is in the result, with
   * zeros when nobody is counted there. Counts are the organisation's own members, not its subtree's.
   */
  countsFor(organisationIds: readonly string[]): Promise<Map<string, MemberCounts>>;
}

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
export function createMemberPlacements(connection: Connection, reads: () => BatchedReads): MemberPlacements {
  const model = memberPlacementModel(connection);

  function updateFor(sequence: number, change: PlacementChange, updatedAt: Date) {
    const meta = { sequence, updatedAt };
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

  /** The placement an upsert of `change` would create, for a member not stored yet. */
  function created(write: PlacementWrite, now: Date): MemberPlacementDocument {
    const base = { _id: write.memberId, sequence: write.sequence, updatedAt: now };
    const { change } = write;
    switch (change.kind) {
      case 'COUNTED':
        return { ...base, organisationId: change.organisationId, status: change.status, temporaryAt: null };
      case 'TEMPORARY_TRANSFER':
        return {
          ...base,
          organisationId: change.homeOrganisationId,
          status: change.status,
          temporaryAt: change.at,
        };
      case 'GONE':
        return { ...base, organisationId: null, status: 'GONE', temporaryAt: null };
    }
  }

  /** Inserts the placements of members not stored yet; returns the writes of those that are. */
  async function insertFirstSeen(writes: PlacementWrite[], now: Date): Promise<PlacementWrite[]> {
    try {
      await model.collection.insertMany(writes.map((w) => created(w, now)) as never[], { ordered: false });
      return [];
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const reported = (error as { writeErrors?: { index?: number } | { index?: number }[] }).writeErrors;
      const failed = Array.isArray(reported) ? reported : reported ? [reported] : [];
      return failed.map((e) => writes[e.index ?? 0]!);
    }
  }

  return {
    model,

    async applyPlacements(writes) {
      for (const { sequence } of writes) checkSequence(sequence);
      // Round n holds the n-th event of each member: a member's events are applied in order.
      const rounds: PlacementWrite[][] = [];
      const seen = new Map<string, number>();
      for (const write of writes) {
        const round = seen.get(write.memberId) ?? 0;
        seen.set(write.memberId, round + 1);
        (rounds[round] ??= []).push(write);
      }
      const now = new Date();
      for (const [i, round] of rounds.entries()) {
        // The first event of a member in the batch is tried as an insert: for a member seen for the
        // first time (an import: every one) that is the whole write, with no update at all.
        const pending = i === 0 ? await insertFirstSeen(round, now) : round;
        if (pending.length === 0) continue;
        try {
          await model.collection.bulkWrite(
            pending.map(({ memberId, sequence, change }) => ({
              updateOne: {
                filter: { _id: memberId, sequence: { $lt: sequence } } as never,
                update: updateFor(sequence, change, now),
                upsert: true,
              },
            })),
            { ordered: false },
          );
        } catch (error) {
          // Only members already at this sequence or later (see applyPlacement): nothing to do.
          if (!isDuplicateKey(error)) throw error;
        }
      }
    },

    async applyPlacement(memberId, sequence, change) {
      checkSequence(sequence);
      try {
        // Matches only a placement older than this event. When none matches, the upsert tries to
        // insert `_id: memberId`: that succeeds for a member seen for the first time and fails with
        // a duplicate key when the member is stored at this sequence or later, i.e. already applied.
        // One document, one write: no transaction needed, and the same on MongoDB and FerretDB.
        await model.collection.updateOne(
          { _id: memberId, sequence: { $lt: sequence } } as never,
          updateFor(sequence, change, new Date()),
          { upsert: true },
        );
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    async countsFor(organisationIds) {
      const ids = [...new Set(organisationIds)];
      const counts = new Map<string, MemberCounts>(ids.map((id) => [id, { official: 0, probationary: 0 }]));
      if (ids.length === 0) return counts;
      const placed = await reads().byField<{ organisationId: string; status: PlacementStatus }>(
        model.collection as unknown as mongo.Collection,
        'organisationId',
        ids,
        { projection: { _id: 0, organisationId: 1, status: 1 } },
      );
      for (const { organisationId, status } of placed) {
        const entry = counts.get(organisationId);
        if (!entry) continue;
        if (status === 'OFFICIAL') entry.official += 1;
        else if (status === 'PROBATIONARY') entry.probationary += 1;
      }
      return counts;
    },
  };
}
