import { toGlobalId } from '@dangvien/graphql';
import { dropDatabase, waitFor } from '@dangvien/testing';
import { createPublisher, mutate, PERSON, startTestService, treeEvents } from './helpers';

const org = (id: string) => toGlobalId('Organisation', id);

describe('recruitment under concurrent commands (real database and broker)', () => {
  const test = startTestService({ name: 'recruitment_concurrency' });
  const { service } = test;
  let publisher: Awaited<ReturnType<typeof createPublisher>>;
  const tree = treeEvents();

  beforeAll(async () => {
    publisher = await createPublisher();
    await service.start();
    await publisher.publish(tree.events);
    await waitFor(async () => (await test.parts.repository.organisations([tree.ids.A])).length === 1, {
      timeoutMs: 30_000,
    });
  }, 60_000);

  afterAll(async () => {
    await publisher?.stop();
    await service.stop();
    await dropDatabase(test.database.url);
  });

  it('lists 60 candidates of one cell sent at once, each once', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, n) =>
        mutate(service.url, 'listCandidate', {
          organisationId: org(tree.ids.A),
          sourceCategory: 'YOUNG_GRADUATE_LOCAL',
          listedOn: '2024-09-01',
          inUnitSince: '2019-01-01',
          person: { ...PERSON, fullName: `Ứng viên ${n}`, citizenId: `0193010${String(n).padStart(5, '0')}` },
        }),
      ),
    );
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    expect(failed).toEqual([]);
    const payloads = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(payloads.flatMap((p) => p.userErrors)).toEqual([]);
    const ids = new Set(payloads.map((p) => (p.candidate as { id: string }).id));
    expect(ids.size).toBe(60);
  });
});
