import { waitFor } from '@dangvien/testing';
import { gql, mutate, organisationProducer, person, publishTree, startTestService } from './helpers';

describe('smoke', () => {
  const { service, parts, drop } = startTestService({ name: 'members_smoke', env: { NODE_ENV: 'development' } });
  let kafka: Awaited<ReturnType<typeof organisationProducer>>;

  beforeAll(async () => {
    kafka = await organisationProducer();
    await service.start();
  }, 60_000);
  afterAll(async () => {
    await service.stop();
    await kafka.stop();
    await drop();
  });

  it('registers and counts', async () => {
    const tree = await publishTree(kafka.producer, parts);
    const payload = await mutate(service.url, 'registerMember', {
      person: person(),
      organisationId: tree.global('A1'),
      decisionDate: '2010-05-19',
      ceremonyDate: '2010-06-02',
      officialDate: '2011-06-02',
    });
    expect(payload.userErrors).toEqual([]);
    const stats = await waitFor(
      async () => {
        const r = await gql<{ _entities: { memberStatistics: { total: number; women: { count: number } } }[] }>(
          service.url,
          `query ($id: ID!) { _entities(representations: [{ __typename: "Organisation", id: $id }]) { ... on Organisation { memberStatistics { total women { count } } } } }`,
          { id: tree.global('P') },
        );
        if (r.errors) throw new Error(JSON.stringify(r.errors));
        return r.data!._entities[0]!.memberStatistics;
      },
      { until: (s) => s.total === 1, timeoutMs: 20_000 },
    );
    expect(stats.women.count).toBe(1);
  }, 60_000);
});
