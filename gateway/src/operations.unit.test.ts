import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { parse, specifiedRules, validate } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { disableApolloTelemetry } from './apollo-telemetry';
import { readEnvironment } from './environment';
import { limitRules } from './limits';
import { manifestOf } from './manifest';
import { SUPERGRAPH_PATH } from './supergraph-path';

describe('the operations of the safelist (gateway/operations)', () => {
  it('are valid against the committed supergraph and within the default operation limits', async () => {
    disableApolloTelemetry();
    const gateway = new ApolloGateway({ supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8') });
    let schema: GraphQLSchema | null = null;
    gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
      schema = apiSchema;
    });
    await gateway.load();
    try {
      const config = readEnvironment({});
      const rules = limitRules({
        maxDepth: config.MAX_DEPTH,
        maxAliases: config.MAX_ALIASES,
        maxRootFields: config.MAX_ROOT_FIELDS,
        maxCost: config.MAX_COST,
      });
      const { operations } = JSON.parse(manifestOf()) as { operations: { name: string; body: string }[] };
      const problems = operations.map((o) => [
        o.name,
        validate(schema!, parse(o.body), [...specifiedRules, ...rules]).map((e) => e.message),
      ]);
      expect(problems).toEqual(operations.map((o) => [o.name, []]));
    } finally {
      await gateway.stop();
    }
  });
});
