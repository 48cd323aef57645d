import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { getOperationAST } from 'graphql';
import type { Logger } from '@dangvien/logger';
import { operationOutcome } from './labels';
import type { OperationMetrics } from './metrics';
import { currentTraceId } from './tracing';

/**
 * Every answer of this Apollo server carries the request's trace id in `extensions.traceId` (so a
 * client reporting a problem can quote it, and it finds the log lines of every service touched),
 * is counted and timed per operation, and leaves one log line, with the trace id, when it is sent.
 * It runs inside the request's trace (see `inRequestTrace`).
 */
export function observeOperations<TContext extends BaseContext>(options: {
  metrics: OperationMetrics;
  logger: Logger;
}): ApolloServerPlugin<TContext> {
  const log = options.logger.child({ component: 'graphql' });
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(requestContext) {
          const { response, document, request } = requestContext;
          const traceId = currentTraceId();
          const result =
            response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
          if (traceId) result.extensions = { ...result.extensions, traceId };
          // A refused operation (depth, cost…) has a document but no resolved operation: its name
          // still says which one it was.
          const operation =
            requestContext.operation ??
            (document ? getOperationAST(document, request.operationName ?? undefined) : null);
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const labels = options.metrics.observe(
            { name: operation?.name?.value, resolved: Boolean(operation), type: operation?.operation },
            operationOutcome(result),
            seconds,
          );
          // Operations the service runs itself (demo data, through `execute`) have no HTTP request:
          // they would flood the log at start.
          log[request.http ? 'info' : 'debug'](
            {
              ...labels,
              durationMs: Math.round(seconds * 1_000),
              ...(result.errors ? { errorCodes: result.errors.map((e) => e.extensions?.code) } : {}),
            },
            'graphql operation answered',
          );
        },
      };
    },
  };
}
