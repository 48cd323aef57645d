import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';

type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type LoadResult = Awaited<ReturnType<GatewayInterface['load']>>;

/**
 * How long past a request's deadline the gateway waits for its query plan to finish. The subgraph
 * fetches already end at the deadline (subgraph-fetcher.ts), and the plan then answers the data that
 * arrived; this is only the backstop for a plan still running after that (undici's timers fire up
 * to about a second late).
 */
export const DEADLINE_GRACE_MS = 1_500;

/** What a request's context must hold: when its answer is due (epoch ms). */
export interface Deadline {
  deadline: number;
}

export function gatewayTimeout(): GraphQLError {
  return new GraphQLError('The request took longer than the gateway allows', {
    extensions: { code: 'GATEWAY_TIMEOUT' },
  });
}

/**
 * The gateway, with every execution bounded by its request's deadline: a plan still running past it
 * (plus the grace) is answered with GATEWAY_TIMEOUT instead of keeping the client, and its
 * connection, waiting. One timer per request, cleared when the plan ends.
 */
export function withRequestTimeout(gateway: GatewayInterface): GatewayInterface {
  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    async load(options): Promise<LoadResult> {
      const loaded = await gateway.load(options);
      const executor = loaded.executor;
      if (!executor) return loaded;
      return {
        ...loaded,
        executor: async (requestContext) => {
          const { deadline } = requestContext.context as Partial<Deadline>;
          if (deadline === undefined) return executor(requestContext);
          let timer: NodeJS.Timeout | undefined;
          const late = new Promise<{ errors: GraphQLError[] }>((resolve) => {
            timer = setTimeout(
              () => resolve({ errors: [gatewayTimeout()] }),
              Math.max(0, deadline - Date.now()) + DEADLINE_GRACE_MS,
            );
          });
          try {
            return await Promise.race([executor(requestContext), late]);
          } finally {
            clearTimeout(timer);
          }
        },
      };
    },
  };
}
