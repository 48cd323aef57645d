import type { Logger } from '@dangvien/logger';
import { toGlobalId } from '@dangvien/graphql';
import type { Component } from '@dangvien/runtime';
import { TreeOnDay } from './domain/tree';
import type { TreeStore } from './model/tree-store';

type Execute = (
  query: string,
  variables?: Record<string, unknown>,
) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly unknown[] }>;

/** The organisations service's demo province (services/organisations/src/seed.ts). */
const DEMO_ROOT_CODE = 'TN';
const WAIT_MS = 5 * 60_000;
const POLL_MS = 2_000;

const GOOD = {
  scores: { commonCriteria: 26, taskResults: 54 },
  tasks: { total: 8, completed: 8, onTime: 8, exceeded: 1 },
};
const COMPLETED = {
  scores: { commonCriteria: 22, taskResults: 40 },
  tasks: { total: 8, completed: 7, onTime: 6, exceeded: 0 },
};

const STEP = (name: string) =>
  `mutation ($input: RecordReviewStepInput!) { ${name}(input: $input) { userErrors { code message } } }`;
const DECIDE =
  'mutation ($input: DecideClassificationsInput!) { decideClassifications(input: $input) { userErrors { code message } } }';
const OPEN =
  'mutation ($input: OpenReviewPeriodInput!) { openReviewPeriod(input: $input) { period { id } userErrors { code message } } }';

/**
 * Demo data on a first start: last year's review period, and — once the organisations service's demo
 * tree has arrived through the topic — last year's reviews of its units, decided by parent (GOOD and
 * COMPLETED, so the excellent cap holds), through the service's own API. The wait runs in the
 * background (the tree arrives after this service is up) and gives up after five minutes or at stop.
 * Members are not reviewed: there are no member events until the members service lands.
 */
export function createDemoSeed(deps: {
  execute: Execute;
  trees: TreeStore;
  logger: Logger;
  year: () => number;
}) {
  let stopped = false;
  let pending: Promise<void> | null = null;

  async function call(query: string, input: Record<string, unknown>): Promise<void> {
    const result = await deps.execute(query, { input });
    const payload = Object.values(result.data ?? {})[0] as { userErrors?: unknown[] } | undefined;
    if (result.errors || (payload?.userErrors?.length ?? 0) > 0) {
      throw new Error(`demo data refused: ${JSON.stringify(result.errors ?? payload?.userErrors)}`);
    }
  }

  async function reviewUnits(year: number): Promise<number> {
    const deadline = Date.now() + WAIT_MS;
    let root: string | null = null;
    while (!stopped && Date.now() < deadline && !(root = await deps.trees.rootByCode(DEMO_ROOT_CODE))) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    if (!root || stopped) return 0;
    // The root comes first: wait until its subtree stops growing (two polls alike) before deciding.
    let records = await deps.trees.loadUnder(root);
    for (
      let last = -1;
      !stopped && Date.now() < deadline && (records.length !== last || records.length < 2);
    ) {
      last = records.length;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      records = await deps.trees.loadUnder(root);
    }
    if (stopped) return 0;
    const tree = new TreeOnDay(`${year}-12-31`, records);
    const periodId = String(year);
    let decided = 0;
    for (const parent of [root, ...tree.descendantsOf(root)]) {
      const units = tree.childrenOf(parent).filter((id) => tree.get(id)!.level !== 'PARTY_GROUP');
      if (units.length === 0) continue;
      const decisions = units.map((id, i) => ({
        subjectId: toGlobalId('Organisation', id),
        ...(i % 3 === 2 ? COMPLETED : GOOD),
      }));
      for (const decision of decisions) {
        for (const name of ['recordSelfAssessment', 'recordProposal']) {
          await call(STEP(name), { periodId, subjectKind: 'ORGANISATION', ...decision });
        }
      }
      await call(DECIDE, { periodId, subjectKind: 'ORGANISATION', decisions });
      decided += decisions.length;
    }
    return decided;
  }

  const component: Component = {
    async start() {},
    async stop() {
      stopped = true;
      await pending?.catch(() => undefined);
    },
  };

  return {
    component,
    async run(): Promise<{ periodId: string }> {
      const year = deps.year();
      await call(OPEN, { kind: 'YEAR', year });
      pending = reviewUnits(year).then(
        (count) => deps.logger.info({ year, units: count }, 'demo reviews decided'),
        (error: unknown) => deps.logger.warn({ err: error }, 'demo reviews not recorded'),
      );
      return { periodId: String(year) };
    },
  };
}
