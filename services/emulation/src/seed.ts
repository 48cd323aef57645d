import type { Logger } from '@dangvien/logger';
import { toGlobalId } from '@dangvien/graphql';
import type { Component } from '@dangvien/runtime';
import { GOOD, memberCount, memberReviews } from './demo-members';
import { TreeOnDay } from './domain/tree';
import type { MemberStore } from './model/member-store';
import type { TreeStore } from './model/tree-store';

type Execute = (
  query: string,
  variables?: Record<string, unknown>,
) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly unknown[] }>;

/** The organisations service's demo province (services/organisations/src/seed.ts). */
const DEMO_ROOT_CODE = 'TN';
const WAIT_MS = 5 * 60_000;
const POLL_MS = 2_000;

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
 * COMPLETED, so the excellent cap holds), then — once the members service's demo members have
 * arrived — of its members (demo-members.ts), all through the service's own API. The waits run in
 * the background (the tree and the members arrive after this service is up) and give up after five
 * minutes each or at stop.
 */
export function createDemoSeed(deps: {
  execute: Execute;
  trees: TreeStore;
  members: MemberStore;
  logger: Logger;
  year: () => number;
  /** The demo province's code (tests give their own). */
  rootCode?: string;
  /** How long to wait between polls of the projection. */
  pollMs?: number;
}) {
  const rootCode = deps.rootCode ?? DEMO_ROOT_CODE;
  const pollMs = deps.pollMs ?? POLL_MS;
  const pause = () => new Promise((resolve) => setTimeout(resolve, pollMs));
  let stopped = false;
  let pending: Promise<void> | null = null;

  async function call(query: string, input: Record<string, unknown>): Promise<void> {
    const result = await deps.execute(query, { input });
    const payload = Object.values(result.data ?? {})[0] as { userErrors?: unknown[] } | undefined;
    if (result.errors || (payload?.userErrors?.length ?? 0) > 0) {
      throw new Error(`demo data refused: ${JSON.stringify(result.errors ?? payload?.userErrors)}`);
    }
  }

  async function reviewUnits(year: number): Promise<{ units: number; members: number }> {
    const deadline = Date.now() + WAIT_MS;
    let root: string | null = null;
    while (!stopped && Date.now() < deadline && !(root = await deps.trees.rootByCode(rootCode))) {
      await pause();
    }
    if (!root || stopped) return { units: 0, members: 0 };
    // The root comes first: wait until its subtree stops growing (two polls alike) before deciding.
    let records = await deps.trees.loadUnder(root);
    for (
      let last = -1;
      !stopped && Date.now() < deadline && (records.length !== last || records.length < 2);
    ) {
      last = records.length;
      await pause();
      records = await deps.trees.loadUnder(root);
    }
    if (stopped) return { units: 0, members: 0 };
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
    return { units: decided, members: await reviewMembers(tree, periodId, `${year}-12-31`) };
  }

  async function reviewMembers(tree: TreeOnDay, periodId: string, end: string): Promise<number> {
    const unitIds = [...tree.states.keys()];
    // The members come after the tree (the members service places them once it has it): wait until
    // there are some and their number held over two polls.
    const deadline = Date.now() + WAIT_MS;
    let count = await memberCount(deps.members, unitIds);
    for (let last = -1; !stopped && Date.now() < deadline && (count === 0 || count !== last);) {
      last = count;
      await pause();
      count = await memberCount(deps.members, unitIds);
    }
    if (stopped || count === 0) return 0;
    let reviewed = 0;
    for (const scope of await memberReviews(deps.members, tree, unitIds, end)) {
      for (const decision of scope.decisions) {
        const { exemplary: _exemplary, ...step } = decision;
        for (const name of ['recordSelfAssessment', 'recordProposal']) {
          await call(STEP(name), { periodId, subjectKind: 'MEMBER', ...step });
        }
      }
      await call(DECIDE, { periodId, subjectKind: 'MEMBER', decisions: scope.decisions });
      reviewed += scope.decisions.length;
    }
    return reviewed;
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
        (counts) => deps.logger.info({ year, ...counts }, 'demo reviews decided'),
        (error: unknown) => deps.logger.warn({ err: error }, 'demo reviews not recorded'),
      );
      return { periodId: String(year) };
    },
    /** Resolves once the background reviews are decided or given up (for tests). */
    settled: () => pending ?? Promise.resolve(),
  };
}
