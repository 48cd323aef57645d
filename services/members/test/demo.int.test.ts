import { randomUUID } from 'node:crypto';
import { createLogger } from '@dangvien/logger';
import { serviceModule as organisationsModule } from '@dangvien/organisations';
import { dropDatabase, testKafkaEnvironment, testDatabase } from '@dangvien/testing';
import { DEMO_CELLS } from '../src/demo/seed';
import { createMembersService } from '../src/service';
import { startTestService } from './helpers';

interface StoredFile {
  status: string;
  organisationId: string;
  file: {
    profile: { sex: string; ethnicityCode: string };
    placements: unknown[];
    exemptions: unknown[];
  };
}

/**
 * The demo data: with the organisations service's demo tree, an empty members database gets a few
 * hundred members through the public API on first start, and a restart adds nobody.
 */
describe('demo members on first start', () => {
  const logger = createLogger({ name: 'members-demo-test', level: process.env.TEST_LOG_LEVEL ?? 'fatal' });
  const treeDatabase = testDatabase('members_demo_tree');
  const organisations = organisationsModule.create(
    {
      NODE_ENV: 'test',
      PORT: '0',
      MONGO_URL: treeDatabase.url,
      MONGO_DB: treeDatabase.name,
      ...testKafkaEnvironment('organisations'),
      CONSUMER_GROUP_SUFFIX: `test-${randomUUID()}`,
      SEED_DEMO: 'true',
      OUTBOX_SWEEP_INTERVAL_MS: '1000',
    },
    { logger },
  );
  const members = startTestService({ name: 'members_demo', env: { SEED_DEMO: 'true' } });
  const running: { stop(): Promise<void> }[] = [];

  afterAll(async () => {
    for (const service of running.splice(0).reverse()) await service.stop();
    await members.drop();
    await dropDatabase(treeDatabase.url);
  });

  it('registers the demo cells’ members with the article’s mix, one transferred, one exempted, once', async () => {
    await organisations.start();
    running.push(organisations);
    await members.service.start();
    running.push(members.service);
    const collection = members.parts.repository.collection;
    // Registered through the API: other test files' admissions on the shared handover topic come in too.
    const read = async () =>
      (await collection
        .find({ 'file.source': 'MANUAL' }, { projection: { status: 1, organisationId: 1, file: 1 } })
        .toArray()) as unknown as StoredFile[];
    const files = await read();
    const expected = Object.values(DEMO_CELLS).reduce((a, b) => a + b, 0);
    expect(files).toHaveLength(expected);
    const share = (test: (f: StoredFile) => boolean) => files.filter(test).length / files.length;
    expect(share((f) => f.file.profile.sex === 'FEMALE')).toBeGreaterThan(0.3);
    expect(share((f) => f.file.profile.sex === 'FEMALE')).toBeLessThan(0.52);
    expect(share((f) => f.file.profile.ethnicityCode !== '01')).toBeGreaterThan(0.12);
    expect(share((f) => f.file.profile.ethnicityCode !== '01')).toBeLessThan(0.32);
    expect(files.some((f) => f.status === 'PROBATIONARY')).toBe(true);
    expect(files.filter((f) => f.file.placements.length === 2)).toHaveLength(1);
    expect(files.filter((f) => f.file.exemptions.length === 1)).toHaveLength(1);
    // Every demo cell got its members. By code: other test files' demo trees on the shared topic
    // carry the same codes under other ids.
    const tree = members.parts.treeStore.tree;
    const codeOf = (id: string) => tree.unit(id, '2999-12-31')?.code ?? id;
    expect(new Set(files.map((f) => codeOf(f.organisationId)))).toEqual(new Set(Object.keys(DEMO_CELLS)));

    // A restart on the same database (no longer empty) adds nobody.
    await running.pop()!.stop();
    const again = createMembersService(members.config, { logger });
    await again.start();
    running.push(again);
    expect(await again.parts.repository.collection.countDocuments({ 'file.source': 'MANUAL' })).toBe(
      expected,
    );
  }, 240_000);
});
