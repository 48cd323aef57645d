import { randomUUID } from 'node:crypto';
import { createEvent, EVENT_TYPES, TOPICS } from '@dangvien/contracts';
import type { EventEnvelope } from '@dangvien/contracts';
import { addDays, addYears, todayInVietnam } from '@dangvien/domain';
import { createLogger } from '@dangvien/logger';
import { waitFor } from '@dangvien/testing';
import { TREE_CONSUMER } from '../src/tree/tree-consumer';
import { createTreeEffects } from '../src/tree/tree-effects';
import {
  caughtUp,
  differences,
  gql,
  mutate,
  person,
  publish,
  settled,
  startTestService,
  storedState,
  withTree,
} from './helpers';

const today = todayInVietnam();
const decision = { number: '1234-QĐ/TU', date: addDays(today, -10), issuedBy: 'Ban Thường vụ Tỉnh ủy' };

const LIST = /* GraphQL */ `
  query ($id: ID!, $first: Int, $after: String) {
    _entities(representations: [{ __typename: "Organisation", id: $id }]) {
      ... on Organisation {
        members(includeSubtree: true, first: 100) {
          nodes {
            id
            fullName
            organisation {
              id
            }
          }
        }
        membersAwaitingPlacement(first: $first, after: $after) {
          nodes {
            id
          }
          pageInfo {
            hasNextPage
            hasPreviousPage
            endCursor
          }
          totalCount
        }
      }
    }
  }
`;

describe('members follow the organisation tree (real database and broker)', () => {
  const { service, parts, drop, config } = startTestService({ name: 'members_tree' });
  const held = withTree({ service, parts, drop });
  const group = (name: string) => `${name}.${config.CONSUMER_GROUP_SUFFIX}`;
  const sent: EventEnvelope[] = [];

  const register = async (cell: string, name: string) => {
    const payload = await mutate(service.url, 'registerMember', {
      person: person({ fullName: name }),
      organisationId: held.tree.global(cell),
      decisionDate: addYears(today, -6),
    });
    expect(payload.userErrors).toEqual([]);
    return payload.member!.id;
  };
  const list = async (unit: string, page: { first?: number; after?: string } = {}) => {
    const response = await gql<{
      _entities: {
        members: { nodes: { id: string; organisation: { id: string } }[] };
        membersAwaitingPlacement: {
          nodes: { id: string }[];
          pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
          totalCount: number;
        };
      }[];
    }>(service.url, LIST, { id: held.tree.global(unit), ...page });
    expect(response.errors).toBeUndefined();
    return response.data!._entities[0]!;
  };
  const send = async (events: EventEnvelope[]) => {
    sent.push(...events);
    await publish(held.kafka.producer, events);
  };
  const moved = (unit: string, from: string, to: string, effectiveDate: string, sequence = 2) =>
    createEvent(EVENT_TYPES.OrganisationMoved, held.tree.ids[unit]!, sequence, {
      organisationId: held.tree.ids[unit]!,
      previousParentId: held.tree.ids[from]!,
      parentId: held.tree.ids[to]!,
      path: [held.tree.ids.P!, held.tree.ids[to]!],
      effectiveDate,
      decision,
    });
  const dissolved = (unit: string, cause: 'MERGED' | 'DISSOLVED' | 'SPLIT', successorIds: string[]) =>
    createEvent(EVENT_TYPES.OrganisationDissolved, held.tree.ids[unit]!, 3, {
      organisationId: held.tree.ids[unit]!,
      reason: null,
      cause,
      successorIds,
      effectiveDate: today,
      decision,
    });

  it('moves, merges and dissolves with the tree, a replay changing nothing; prepared changes wait for their day', async () => {
    const [an, binh, chi] = [
      await register('A1', 'Lê Văn An'),
      await register('A2', 'Trần Thị Bình'),
      await register('B1', 'Phạm Thị Chi'),
    ];
    expect((await list('C1')).members.nodes.map((n) => n.id).sort()).toEqual([an, binh].sort());

    // A1 moves from C1 to C2: its member is in C2's subtree from now on.
    await send([moved('A1', 'C1', 'C2', today)]);
    await waitFor(async () => (await list('C2')).members.nodes.map((n) => n.id).sort(), {
      until: (ids) => ids.length === 2 && ids.includes(an),
      timeoutMs: 30_000,
    });
    expect((await list('C1')).members.nodes.map((n) => n.id)).toEqual([binh]);

    // A2 is merged into B1 (an existing unit): its member follows, with MemberTransferred.
    await send([
      createEvent(EVENT_TYPES.OrganisationsMerged, held.tree.ids.B1!, 2, {
        organisationId: held.tree.ids.B1!,
        mergedIds: [held.tree.ids.A2!],
        targetCreated: false,
        reorganisationId: randomUUID(),
        effectiveDate: today,
        decision,
      }),
      dissolved('A2', 'MERGED', [held.tree.ids.B1!]),
    ]);
    await waitFor(async () => (await list('B1')).members.nodes.map((n) => n.id).sort(), {
      until: (ids) => ids.length === 2 && ids.includes(binh),
      timeoutMs: 30_000,
    });
    const binhFile = await gql<{ member: { organisation: { id: string }; placements: { cause: string }[] } }>(
      service.url,
      `query ($id: ID!) { member(id: $id) { organisation { id } placements { cause } } }`,
      { id: binh },
    );
    expect(binhFile.data!.member).toEqual({
      organisation: { id: held.tree.global('B1') },
      placements: [{ cause: 'REGISTERED' }, { cause: 'REORGANISED' }],
    });

    // B1 is dissolved: its members wait to be placed (still counted there, never nowhere).
    await send([dissolved('B1', 'DISSOLVED', [])]);
    await waitFor(async () => (await list('C2')).membersAwaitingPlacement.nodes.map((m) => m.id), {
      until: (ids) => ids.length === 2,
      timeoutMs: 30_000,
    });
    // A page at a time, in name order (Bình before Chi), the count of the whole list on each page.
    const first = (await list('C2', { first: 1 })).membersAwaitingPlacement;
    expect(first).toMatchObject({
      nodes: [{ id: binh }],
      pageInfo: { hasNextPage: true, hasPreviousPage: false },
      totalCount: 2,
    });
    const second = (await list('C2', { first: 1, after: first.pageInfo.endCursor! }))
      .membersAwaitingPlacement;
    expect(second).toMatchObject({
      nodes: [{ id: chi }],
      pageInfo: { hasNextPage: false, hasPreviousPage: true },
      totalCount: 2,
    });
    expect((await list('C1')).membersAwaitingPlacement).toMatchObject({ nodes: [], totalCount: 0 });
    const placed = await mutate(service.url, 'placeMember', {
      id: chi,
      organisationId: held.tree.global('A1'),
      effectiveDate: today,
    });
    expect(placed.userErrors).toEqual([]);
    expect((await list('C2')).membersAwaitingPlacement).toMatchObject({
      nodes: [{ id: binh }],
      totalCount: 1,
    });

    // Every tree event again, and the same facts with new ids: nothing changes.
    await settled(held.kafka.kafka, service, config.CONSUMER_GROUP_SUFFIX);
    const before = await storedState(parts.repository.model.db);
    await publish(held.kafka.producer, [
      ...sent,
      ...sent.map((e) => ({ ...e, id: randomUUID() }) as EventEnvelope),
    ]);
    await settled(held.kafka.kafka, service, config.CONSUMER_GROUP_SUFFIX);
    expect(differences(before, await storedState(parts.repository.model.db))).toEqual([]);
    // Prepared ahead: A1 moves back to C1 tomorrow. Nothing changes today…
    const tomorrow = addDays(today, 1);
    await send([moved('A1', 'C2', 'C1', tomorrow, 3)]);
    await caughtUp(held.kafka.kafka, group(TREE_CONSUMER), TOPICS.organisations);
    expect((await list('C1')).members.nodes.map((n) => n.id)).toEqual([]);
    // … and tomorrow it does, without another event.
    const effects = createTreeEffects(
      parts.commands.side,
      createLogger({ name: 'test', level: 'fatal' }),
      () => new Date(`${tomorrow}T12:00:00+07:00`),
    );
    await effects.applyDue();
    const stored = await parts.repository.load(
      Buffer.from(an, 'base64url').toString().slice('Member:'.length),
    );
    expect(stored!.organisationId).toBe(held.tree.ids.A1);
    const doc = await parts.repository.model.findById(stored!.id).lean();
    expect(doc!.ancestorIds).toEqual([held.tree.ids.P, held.tree.ids.C1, held.tree.ids.A1]);
  }, 120_000);
});
