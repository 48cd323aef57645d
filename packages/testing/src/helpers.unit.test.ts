import { kafkaBrokers, testTopicCreatedAt, uniqueTopic } from './kafka';
import { testDatabaseCreatedAt, uniqueDatabaseName, withDatabase } from './mongo';
import { waitFor } from './wait-for';

describe('withDatabase', () => {
  it('adds the database to a URL without a path', () => {
    expect(withDatabase('mongodb://127.0.0.1:27017', 'db1')).toBe('mongodb://127.0.0.1:27017/db1');
  });

  it('keeps the query string after the database', () => {
    expect(withDatabase('mongodb://127.0.0.1:27017/?directConnection=true', 'db1')).toBe(
      'mongodb://127.0.0.1:27017/db1?directConnection=true',
    );
    expect(withDatabase('mongodb://127.0.0.1:27017?directConnection=true', 'db1')).toBe(
      'mongodb://127.0.0.1:27017/db1?directConnection=true',
    );
  });

  it('replaces a database already in the URL', () => {
    expect(withDatabase('mongodb://localhost:27017/members?retryWrites=false&w=1', 'db1')).toBe(
      'mongodb://localhost:27017/db1?retryWrites=false&w=1',
    );
  });

  it('keeps credentials and every host', () => {
    expect(withDatabase('mongodb://user:p%2Fss@a:1,b:2/admin?replicaSet=rs0&authSource=admin', 'db1')).toBe(
      'mongodb://user:p%2Fss@a:1,b:2/db1?replicaSet=rs0&authSource=admin',
    );
    expect(withDatabase('mongodb+srv://cluster.example.net/', 'db1')).toBe(
      'mongodb+srv://cluster.example.net/db1',
    );
  });

  it('rejects what is not a URL', () => {
    expect(() => withDatabase('localhost:27017', 'db1')).toThrow('not a MongoDB URL');
  });
});

describe('uniqueDatabaseName', () => {
  it('makes a distinct, valid name for each call', () => {
    const first = uniqueDatabaseName('Recruitment / Admission-Flow');
    expect(first).toMatch(/^dangvien_test_recruitment_admission_flow_[0-9a-z]+_[0-9a-f]{8}$/);
    expect(uniqueDatabaseName('Recruitment / Admission-Flow')).not.toBe(first);
  });

  it('stays within the 63 characters FerretDB allows', () => {
    expect(uniqueDatabaseName('x'.repeat(200)).length).toBeLessThanOrEqual(63);
    expect(uniqueDatabaseName('!!!')).toMatch(/^dangvien_test_db_[0-9a-z]+_[0-9a-f]{8}$/);
  });

  it('carries its creation time, so stale databases can be found', () => {
    const before = Date.now();
    const createdAt = testDatabaseCreatedAt(uniqueDatabaseName('members'));
    expect(createdAt).toBeGreaterThanOrEqual(before);
    expect(createdAt).toBeLessThanOrEqual(Date.now());
    expect(testDatabaseCreatedAt('dangvien_members')).toBeUndefined();
    expect(testDatabaseCreatedAt('admin')).toBeUndefined();
  });
});

describe('uniqueTopic', () => {
  it('makes a distinct topic name Kafka accepts', () => {
    const topic = uniqueTopic('members.events v1');
    expect(topic).toMatch(/^members\.events-v1-test-[0-9a-z]+-[0-9a-f]{8}$/);
    expect(topic.length).toBeLessThanOrEqual(249);
    expect(uniqueTopic('members.events v1')).not.toBe(topic);
  });

  it('carries its creation time, so stale topics can be found', () => {
    const before = Date.now();
    const createdAt = testTopicCreatedAt(uniqueTopic('members'));
    expect(createdAt).toBeGreaterThanOrEqual(before);
    expect(createdAt).toBeLessThanOrEqual(Date.now());
    expect(testTopicCreatedAt('dangvien.members.v1')).toBeUndefined();
    expect(testTopicCreatedAt('__consumer_offsets')).toBeUndefined();
  });
});

describe('kafkaBrokers', () => {
  it('splits a comma-separated list', () => {
    expect(kafkaBrokers(' 127.0.0.1:9092, kafka:29092 ,')).toEqual(['127.0.0.1:9092', 'kafka:29092']);
  });

  it('says how to get brokers when none are set', () => {
    expect(() => kafkaBrokers('')).toThrow(/KAFKA_BROKERS is not set/);
  });
});

describe('waitFor', () => {
  it('returns the first truthy value', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : undefined), { intervalMs: 1 });
    expect(value).toEqual({ calls: 3 });
  });

  it('waits until the value is accepted, and returns it', async () => {
    let count = 0;
    const value = await waitFor(() => ({ count: ++count }), { until: (v) => v.count === 3, intervalMs: 1 });
    expect(value).toEqual({ count: 3 });
  });

  it('times out with the last value in the message', async () => {
    await expect(
      waitFor(() => ({ members: ['An'] }), {
        until: (value) => value.members.length === 3,
        timeoutMs: 50,
        intervalMs: 10,
        description: 'the projection',
      }),
    ).rejects.toThrow(
      /^waitFor for the projection timed out after 50 ms \(\d+ attempts\); last value: \{ members: \[ 'An' \] \}$/,
    );
  });

  it('treats a throwing probe as not yet, and reports its last error', async () => {
    const started = Date.now();
    await expect(
      waitFor(
        () => {
          throw new Error('document not found');
        },
        { timeoutMs: 60, intervalMs: 10 },
      ),
    ).rejects.toThrow('timed out after 60 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);

    await expect(
      waitFor(
        () => {
          throw new Error('document not found');
        },
        { timeoutMs: 20, intervalMs: 5 },
      ),
    ).rejects.toThrow(/last error: document not found$/);
  });
});
