import type { mongo } from 'mongoose';
import type { BatchedReads } from '@dangvien/db';
import type { CalendarDate } from '@dangvien/domain';
import type { MemberFact } from '../domain/facts';
import { addFact, earliest } from '../domain/facts';
import type { Contribution } from '../domain/membership';
import { BEFORE_RECORDS, contributionsOf } from '../domain/membership';
import { linkAncestors } from './province-links';
import type { PendingWrite, VersionedDocument } from './records';
import { loadDocuments, parseJson, saveDocuments } from './records';

export interface MemberDocument extends VersionedDocument {
  facts: string;
  orgIds: string[];
}

export interface OrgMembersDocument extends VersionedDocument {
  /** JSON of { [memberId]: Contribution }. */
  members: string;
}

/** An organisation whose figures a batch changed, and the first day that may differ. */
export interface FiguresChange {
  orgId: string;
  since: CalendarDate;
}

const startsBeforeRecords = (c: Contribution | undefined) =>
  !!c && c.iv.some(([from]) => from === BEFORE_RECORDS);

/**
 * Members as the members service's events describe them, and what each contributes to each
 * organisation's figures. The member's facts are the source; every organisation's entry for the member
 * is recomputed from them on every batch that names the member and written only where it differs, so a
 * batch cut short between the two writes is completed by its redelivery.
 */
export function createMemberStore(deps: {
  members: mongo.Collection;
  orgMembers: mongo.Collection;
  /** The tree's records: a new organisation's members document is linked to its ancestors. */
  tree: mongo.Collection;
  reads: () => BatchedReads;
  /** Called after a batch changed the figures (projection-version.ts). */
  changed?: () => Promise<void>;
}) {
  const { members, orgMembers } = deps;

  async function apply(changes: readonly { id: string; fact: MemberFact }[]): Promise<FiguresChange[]> {
    if (changes.length === 0) return [];
    const docs = await loadDocuments<MemberDocument>(
      deps.reads(),
      members,
      changes.map((c) => c.id),
    );
    const byMember = new Map<string, { before: MemberFact[]; after: MemberFact[]; added: MemberFact[] }>();
    for (const change of changes) {
      let entry = byMember.get(change.id);
      if (!entry) {
        const before = parseJson<MemberFact[]>(docs.get(change.id)?.facts, []);
        entry = { before, after: [...before], added: [] };
        byMember.set(change.id, entry);
      }
      if (addFact(entry.after, change.fact)) entry.added.push(change.fact);
    }
    const memberWrites: PendingWrite[] = [];
    // null: the member no longer contributes there (a later fact showed they were elsewhere).
    const wanted = new Map<string, Map<string, Contribution | null>>();
    const since = new Map<string, CalendarDate>();
    for (const [memberId, entry] of byMember) {
      const before = contributionsOf(entry.before);
      const after = contributionsOf(entry.after);
      const orgIds = [...new Set([...before.keys(), ...after.keys()])].sort();
      for (const orgId of orgIds) {
        const contribution = after.get(orgId);
        const map = wanted.get(orgId) ?? new Map<string, Contribution | null>();
        map.set(memberId, contribution ?? null);
        wanted.set(orgId, map);
        // A member first seen leaving counted "since always"; an earlier fact moves that start.
        const from =
          startsBeforeRecords(before.get(orgId)) &&
          JSON.stringify(before.get(orgId)) !== JSON.stringify(contribution)
            ? BEFORE_RECORDS
            : (earliest(entry.added.length > 0 ? entry.added : entry.after) ?? BEFORE_RECORDS);
        const probationEnds = (contribution?.pr ?? []).map(([end]) => end);
        const first = [from, ...probationEnds].sort()[0]!;
        if (!since.has(orgId) || first < since.get(orgId)!) since.set(orgId, first);
      }
      if (entry.added.length > 0) {
        const doc = docs.get(memberId);
        memberWrites.push({
          _id: memberId,
          version: doc?.version ?? null,
          fields: { facts: JSON.stringify(entry.after), orgIds },
        });
      }
    }
    await saveDocuments(members, memberWrites);
    const orgDocs = await loadDocuments<OrgMembersDocument>(deps.reads(), orgMembers, [...wanted.keys()]);
    const orgWrites: PendingWrite[] = [];
    for (const [orgId, contributions] of wanted) {
      const doc = orgDocs.get(orgId);
      const stored = parseJson<Record<string, Contribution>>(doc?.members, {});
      let changed = false;
      for (const [memberId, contribution] of contributions) {
        if (contribution === null) {
          if (!(memberId in stored)) continue;
          delete stored[memberId];
        } else {
          if (JSON.stringify(stored[memberId]) === JSON.stringify(contribution)) continue;
          stored[memberId] = contribution;
        }
        changed = true;
      }
      // Keys sorted: the same contributions are the same text whatever order the members arrived in.
      const text = JSON.stringify(
        Object.fromEntries(Object.entries(stored).sort(([a], [b]) => (a < b ? -1 : 1))),
      );
      if (changed) orgWrites.push({ _id: orgId, version: doc?.version ?? null, fields: { members: text } });
    }
    await saveDocuments(orgMembers, orgWrites);
    // New documents are linked after they exist: a tree write before this read is seen here, one
    // after it links them itself (linkAncestors in the tree store), so neither order loses a link.
    const created = orgWrites.filter((w) => w.version === null).map((w) => w._id);
    if (created.length > 0) {
      const trees = await loadDocuments<VersionedDocument & { ancestorIds: string[] }>(
        deps.reads(),
        deps.tree,
        created,
      );
      await linkAncestors(
        orgMembers,
        [...trees.values()].map((doc) => ({ id: doc._id, ancestorIds: doc.ancestorIds })),
      );
    }
    // After the links: a reader that sees the new token finds the figures under their province.
    if (memberWrites.length > 0 || orgWrites.length > 0) await deps.changed?.();
    return [...since].map(([orgId, first]) => ({ orgId, since: first }));
  }

  return {
    apply,
    /** Per organisation, each member's contribution. */
    async contributionsOf(orgIds: readonly string[]): Promise<Map<string, Map<string, Contribution>>> {
      const docs = await loadDocuments<OrgMembersDocument>(deps.reads(), orgMembers, orgIds);
      const out = new Map<string, Map<string, Contribution>>();
      for (const [id, doc] of docs) {
        out.set(id, new Map(Object.entries(parseJson<Record<string, Contribution>>(doc.members, {}))));
      }
      return out;
    },
    /** Each member's contribution to every organisation ever under `rootId` (and to the root), in one read. */
    async contributionsUnder(rootId: string): Promise<Map<string, Map<string, Contribution>>> {
      const docs = (await orgMembers
        .find({ ancestorIds: rootId } as never)
        .toArray()) as unknown as OrgMembersDocument[];
      return new Map(
        docs.map((doc) => [
          doc._id,
          new Map(Object.entries(parseJson<Record<string, Contribution>>(doc.members, {}))),
        ]),
      );
    },
    async factsOf(memberIds: readonly string[]): Promise<Map<string, MemberFact[]>> {
      const docs = await loadDocuments<MemberDocument>(deps.reads(), members, memberIds);
      return new Map([...docs].map(([id, doc]) => [id, parseJson<MemberFact[]>(doc.facts, [])]));
    },
  };
}

export type MemberStore = ReturnType<typeof createMemberStore>;
