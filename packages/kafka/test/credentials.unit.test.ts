import { ConfigError } from '@dangvien/config';
import { readKafkaEnvironment } from '../src';

describe('Kafka credentials from the environment', () => {
  it('gives no SASL without KAFKA_USERNAME, so an open broker still works', () => {
    expect(readKafkaEnvironment({ KAFKA_BROKERS: 'a:1' })).toEqual({
      brokers: ['a:1'],
      credentials: undefined,
    });
  });

  it('defaults to SCRAM-SHA-512 with a username and password', () => {
    expect(readKafkaEnvironment({ KAFKA_USERNAME: 'members', KAFKA_PASSWORD: 'p' }).credentials).toEqual({
      mechanism: 'scram-sha-512',
      username: 'members',
      password: 'p',
    });
  });

  it('refuses half a pair, a mechanism alone and an unknown mechanism, naming the variable', () => {
    const problems = (source: Record<string, string>): string[] => {
      try {
        readKafkaEnvironment(source);
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
      return [];
    };
    expect(problems({ KAFKA_USERNAME: 'members' })).toEqual(['KAFKA_PASSWORD: required with KAFKA_USERNAME']);
    expect(problems({ KAFKA_PASSWORD: 'p' })).toEqual(['KAFKA_USERNAME: required with KAFKA_PASSWORD']);
    expect(problems({ KAFKA_SASL_MECHANISM: 'plain' })).toEqual([
      'KAFKA_USERNAME: required with KAFKA_SASL_MECHANISM',
    ]);
    expect(problems({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_USERNAME: 'm', KAFKA_PASSWORD: 'p' })[0]).toMatch(
      /^KAFKA_SASL_MECHANISM: /,
    );
  });
});
