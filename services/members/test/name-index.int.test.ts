import { addYears, todayInVietnam } from '@dangvien/domain';
import { nameSearchKeys } from '@dangvien/names';
import { waitFor } from '@dangvien/testing';
import { gql, mutate, person, startTestService, withTree } from './helpers';
import { groupKey, NAME_ENTRY_SHAPE } from '../src/model/name-index';
import type { MemberFile } from '../src/domain/member';
import type { MemberDocument } from '../src/model/member-document';
import type { MembersService } from '../src/service';

const today = todayInVietnam();
const SEARCH = /* GraphQL */ `
  query ($search: String!) {
    members(filter: { search: $search }, first: 10) {
      nodes {
        id
        fullName
      }
    }
  }
`;

/** A page asking for more than the entries hold (the hometown): read from the files and judged by them. */
const SEARCH_FILES = /* GraphQL */ `
  query ($search: String!) {
    members(filter: { search: $search }, first: 10) {
      nodes {
        id
        fullName
        hometown
      }
    }
  }
`;

/**
 * The name index (src/model/name-index.ts) a search reads: its entry of a file is written after the
 * file, so a write that stops between them leaves it behind. These tests leave it behind on
 * purpose, straight in the database, and watch what puts it right.
 */
describe('the name index behind its files (real database and broker)', () => {
  const { service, parts, drop } = startTestService({ name: 'members_name_index' });
  const held = withTree({ service, parts, drop });
  const names = () => (parts as MembersService['parts']).repository.names.collection;

  async function register(fullName: string): Promise<string> {
    const payload = await mutate(service.url, 'registerMember', {
      person: person({
        fullName,
        partyCardNumber: String(30_000_000 + Math.floor(Math.random() * 60_000_000)),
      }),
      organisationId: held.tree.global('A1'),
      decisionDate: addYears(today, -6),
    });
    expect(payload.userErrors).toEqual([]);
    return payload.member!.id;
  }
  /** Waits for these members' registrations to be read from the files' log (the audit is written
   * after the log's check of their entries), which would otherwise put back an entry taken out. */
  const throughTheLog = (localIds: string[]) =>
    waitFor(
      () =>
        (parts as MembersService['parts']).repository.model.db
          .collection('audit')
          .countDocuments({ memberId: { $in: localIds } }),
      {
        until: (count) => count === localIds.length,
        timeoutMs: 30_000,
        description: 'the registrations in the audit',
      },
    );
  const search = async (text: string, query = SEARCH) => {
    const response = await gql<{ members: { nodes: { id: string; fullName: string }[] } }>(
      service.url,
      query,
      {
        search: text,
      },
    );
    expect(response.errors).toBeUndefined();
    return response.data!.members.nodes;
  };

  it("a lost entry is written again from the file when the file's next change comes through its log", async () => {
    const id = await register('Ma Thị Lanh Tươi');
    expect((await search('lanh tuoi')).map((n) => n.id)).toEqual([id]);
    const { _id: localId } = (await names().findOne({ 'file.profile.fullName': 'Ma Thị Lanh Tươi' }))!;
    await throughTheLog([localId]);
    await names().deleteOne({ _id: localId });
    expect(await search('lanh tuoi')).toEqual([]);
    // The rename's own write finds no entry to replace; the files' log brings it back, renamed.
    const update = await mutate(service.url, 'updateMemberProfile', {
      id,
      changes: { fullName: 'Ma Thị Lanh Tươi Xanh' },
      reason: 'Đính chính họ tên',
    });
    expect(update.userErrors).toEqual([]);
    const found = await waitFor(() => search('tuoi xanh'), {
      until: (nodes) => nodes.length === 1,
      timeoutMs: 30_000,
      description: 'the entry written again',
    });
    expect(found).toEqual([{ id, fullName: 'Ma Thị Lanh Tươi Xanh' }]);
    expect(await names().countDocuments({ _id: localId })).toBe(1);
  });

  it('a search asking for more than names judges its page by the files: an entry not up to its file makes no match there', async () => {
    const id = await register('Lò Văn Pảo');
    const entry = (await names().findOne({ 'file.profile.fullName': 'Lò Văn Pảo' }))!;
    const localId = entry._id;
    // The entry says "Lò Văn Sáng" (keys and name) while the file still says "Lò Văn Pảo".
    await names().updateOne(
      { _id: localId },
      {
        $set: {
          nameKeys: nameSearchKeys(['Lò Văn Sáng']).flatMap((key) => [key, groupKey(key, entry.sortKey)]),
          'file.profile.fullName': 'Lò Văn Sáng',
        },
      },
    );
    expect(await search('lo van sang', SEARCH_FILES)).toEqual([]);
    // A page of names only is answered from the entries (member-queries.ts, THIN_MEMBER_FIELDS).
    expect(await search('lo van sang')).toEqual([{ id, fullName: 'Lò Văn Sáng' }]);
    // Its next change brings the entry up to the file.
    const update = await mutate(service.url, 'updateMemberProfile', {
      id,
      changes: { otherNames: ['Pảo'] },
      reason: 'Bổ sung tên gọi khác',
    });
    expect(update.userErrors).toEqual([]);
    await waitFor(() => search('lo van pao'), {
      until: (nodes) => nodes.length === 1,
      timeoutMs: 30_000,
      description: 'the entry brought up to its file',
    });
    expect(await search('lo van sang')).toEqual([]);
  });

  it('fills itself from the files once per database, keeping what is there', async () => {
    const [a, b] = [await register('Hà Thị Mỷ'), await register('Hà Văn Mỷ')];
    const repository = (parts as MembersService['parts']).repository;
    const local = (
      await names()
        .find({ 'file.profile.fullName': { $in: ['Hà Thị Mỷ', 'Hà Văn Mỷ'] } })
        .toArray()
    ).map((entry) => entry._id);
    expect(local).toHaveLength(2);
    await throughTheLog(local);
    await names().deleteMany({ _id: { $in: local } });
    expect(await search('my ha')).toEqual([]);
    // Done at the service's start (the database was empty); once marked, it does not run again.
    expect(await repository.fillNames(() => false)).toBeNull();
    expect(await search('my ha')).toEqual([]);
    await repository.model.db.collection('member_names_filled').deleteMany({});
    const filled = await repository.fillNames(() => false);
    expect(filled).toBe(2);
    expect((await search('my ha')).map((n) => n.id).sort()).toEqual([a, b].sort());
    expect(await repository.fillNames(() => false)).toBeNull();
  });

  it('fills again once per shape of entry: entries of an older shape are rewritten from their files', async () => {
    const id = await register('Triệu Thị Mây');
    const repository = (parts as MembersService['parts']).repository;
    const { _id: localId } = (await names().findOne({ 'file.profile.fullName': 'Triệu Thị Mây' }))!;
    await throughTheLog([localId]);
    expect(await repository.fillNames(() => false)).toBeNull();
    // As written before NAME_ENTRY_SHAPE: names only, and a mark of the fill of that shape.
    await names().updateOne(
      { _id: localId },
      { $unset: { shape: '', 'file.status': '', 'file.profile.partyCardNumber': '' } },
    );
    await repository.model.db
      .collection<{ _id: string }>('member_names_filled')
      .updateOne({ _id: 'filled' }, { $unset: { shape: '' } });
    expect(await repository.fillNames(() => false)).toBe(1);
    const entry = (await names().findOne({ _id: localId }))!;
    const file = (await repository.model.db.collection<MemberDocument>('members').findOne({ _id: localId }))!;
    expect(entry.shape).toBe(NAME_ENTRY_SHAPE);
    const { status, profile } = file.file as MemberFile;
    expect(entry.file.status).toBe(status);
    expect(entry.file.profile.partyCardNumber).toBe(profile.partyCardNumber);
    expect((await search('trieu thi may')).map((n) => n.id)).toEqual([id]);
    expect(await repository.fillNames(() => false)).toBeNull();
  });
});
