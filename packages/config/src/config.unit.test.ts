import { ConfigError, env, parseEnvironment, withDatabase, z } from './index';

describe('parseEnvironment', () => {
  const schema = z.object({
    PORT: env.port(4001),
    KAFKA_BROKERS: env.brokers(),
    SEED_DEMO: env.boolean(true),
  });

  it('applies defaults and transforms', () => {
    expect(parseEnvironment(schema, {})).toEqual({
      PORT: 4001,
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      SEED_DEMO: true,
    });
    expect(parseEnvironment(schema, { KAFKA_BROKERS: 'a:1, b:2', SEED_DEMO: 'false' })).toMatchObject({
      KAFKA_BROKERS: ['a:1', 'b:2'],
      SEED_DEMO: false,
    });
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      parseEnvironment(schema, { PORT: 'x', KAFKA_BROKERS: 'nohost', SEED_DEMO: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/KAFKA_BROKERS/);
    expect(problems.join('\n')).toMatch(/SEED_DEMO/);
  });
});

describe('withDatabase', () => {
  it.each([
    ['mongodb://127.0.0.1:27017', 'mongodb://127.0.0.1:27017/db'],
    ['mongodb://127.0.0.1:27017/', 'mongodb://127.0.0.1:27017/db'],
    ['mongodb://127.0.0.1:27017/other', 'mongodb://127.0.0.1:27017/db'],
    ['mongodb://u:p@mongo:27017/?replicaSet=rs0', 'mongodb://u:p@mongo:27017/db?replicaSet=rs0'],
    ['mongodb+srv://cluster.example/x?retryWrites=true', 'mongodb+srv://cluster.example/db?retryWrites=true'],
  ])('%s', (input, expected) => {
    expect(withDatabase(input, 'db')).toBe(expected);
  });
});
