import { formatTraceparent, newSpanId, newTraceId, TRACEPARENT_HEADER } from '@dangvien/contracts';
import { currentTraceId } from '@dangvien/observability';
import { countCommands } from '../measure';
import type { CommandCounter } from '../measure';
import { gatewayClient } from '../province/client';
import type { LoadedSystem } from '../province/system';
import { DASHBOARD } from './workloads';

export interface RoundTripRow {
  query: string;
  /**
   * Database commands per GraphQL request, every service together, for a list of 10 and of 100:
   * those sent in the request's own trace (the services' consumers, relays and timers go on beside).
   */
  ten: number;
  hundred: number;
  /** Where they went, for the list of 100. */
  commands: string;
  equal: boolean;
  /** Every command the services sent while the requests ran, per request, for a list of 10 and of 100. */
  windowTen: number;
  windowHundred: number;
}

const MEMBERS_PAGE = /* GraphQL */ `
  query MembersPage($id: ID!, $first: Int!) {
    organisation(id: $id) {
      members(first: $first, includeSubtree: true) {
        nodes {
          id
          fullName
          status
          organisation {
            id
            code
            name
            parent {
              code
            }
          }
        }
      }
    }
  }
`;
const CANDIDATES_PAGE = /* GraphQL */ `
  query CandidatesPage($id: ID!, $first: Int!) {
    candidates(under: $id, first: $first) {
      totalCount
      nodes {
        id
        stage
        person {
          fullName
        }
        organisation {
          id
          code
          name
        }
      }
    }
  }
`;

/**
 * Database round trips per GraphQL request through the gateway, counted by the driver's command
 * monitoring on every service's own connection, for the same query with a list of 10 and of 100:
 * batched reads make them equal; one query per item makes the 100 cost more. Each request carries
 * a trace of its own (`traceparent`), which the gateway and the subgraphs continue; a command
 * counts when it is sent in one of those traces. The services' background work (consumers
 * applying events, relays, timers) runs in no request's trace: it is shown apart, as the window's
 * total.
 */
export async function measureRoundTrips(run: LoadedSystem): Promise<RoundTripRow[]> {
  const requests = new Set<string>();
  const gateway = gatewayClient(run.system.gateway.url, run.token, () => {
    const traceId = newTraceId();
    requests.add(traceId);
    return { [TRACEPARENT_HEADER]: formatTraceparent({ traceId, parentId: newSpanId(), flags: 1 }) };
  });
  const inRequest = () => {
    const current = currentTraceId();
    return current !== undefined && requests.has(current);
  };
  const services = Object.entries(run.system.services);
  const counters: [string, CommandCounter][] = services.map(([name, s]) => [
    name,
    countCommands(s.runtime.database.connection, inRequest),
  ]);
  const windows = services.map(([, s]) => countCommands(s.runtime.database.connection));
  const province = run.loaded.provinceId;
  const year = Number(run.province.today.slice(0, 4));
  const queries: [string, string, (first: number) => Record<string, unknown>][] = [
    ['members page (members → organisations)', MEMBERS_PAGE, (first) => ({ id: province, first })],
    ['candidates page (recruitment → organisations)', CANDIDATES_PAGE, (first) => ({ id: province, first })],
    [
      'dashboard (all four subgraphs)',
      DASHBOARD,
      (first) => ({ id: province, asOf: run.province.today, year, first }),
    ],
  ];
  const perRequest = async (query: string, vars: Record<string, unknown>) => {
    await gateway(query, vars); // warm: DataLoaders and caches of the first call are not the point
    const before = counters.map(([, c]) => c.snapshot());
    const windowBefore = windows.map((c) => c.snapshot().roundTrips);
    const repeats = 5;
    for (let i = 0; i < repeats; i += 1) await gateway(query, vars);
    const after = counters.map(([, c]) => c.snapshot());
    const total = after.reduce((sum, a, i) => sum + a.roundTrips - before[i]!.roundTrips, 0) / repeats;
    const window =
      windows.reduce((sum, c, i) => sum + c.snapshot().roundTrips - windowBefore[i]!, 0) / repeats;
    const commands = after
      .flatMap((a, i) =>
        [...a.byCommand]
          .map(([key, n]) => [key, n - (before[i]!.byCommand.get(key) ?? 0)] as const)
          .filter(([, n]) => n > 0)
          .map(([key, n]) => `${counters[i]![0]}: ${key} ×${n / repeats}`),
      )
      .join(', ');
    return { total, commands, window };
  };
  const rows: RoundTripRow[] = [];
  for (const [name, query, vars] of queries) {
    // A query that fails (a subgraph past its timeout on the province) is a finding, not the end of the run.
    const [ten, hundred] = await Promise.all([perRequest(query, vars(10)), Promise.resolve()])
      .then(async ([t]) => [t, await perRequest(query, vars(100))] as const)
      .catch(
        (error: unknown) =>
          [null, { total: NaN, commands: `failed: ${String(error).slice(0, 160)}`, window: NaN }] as const,
      );
    if (!ten) {
      rows.push({
        query: name,
        ten: NaN,
        hundred: NaN,
        commands: hundred.commands,
        equal: false,
        windowTen: NaN,
        windowHundred: NaN,
      });
      continue;
    }
    rows.push({
      query: name,
      ten: ten.total,
      hundred: hundred.total,
      commands: hundred.commands || 'none',
      equal: ten.total === hundred.total,
      windowTen: ten.window,
      windowHundred: hundred.window,
    });
  }
  return rows;
}
