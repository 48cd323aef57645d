import { readFileSync } from 'node:fs';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import type { PlanNode, QueryPlan, SubscriptionNode } from '@apollo/query-planner';
import { parse } from 'graphql';
import { SUPERGRAPH_PATH } from './compose';

// `nodes(ids)` is batched by construction: the gateway's plan asks the subgraph that owns `Node`
// once for every id, then each owning subgraph once for all the references of its types (its
// `_entities`, batched there by its loaders) — never once per id, however many ids are given.

function fetchesOf(node: PlanNode | SubscriptionNode | undefined, into: string[] = []): string[] {
  if (!node || node.kind === 'Subscription') return into;
  if (node.kind === 'Fetch') into.push(node.serviceName);
  else if (node.kind === 'Flatten') fetchesOf(node.node, into);
  else if (node.kind === 'Sequence' || node.kind === 'Parallel')
    node.nodes.forEach((n) => fetchesOf(n, into));
  else if (node.kind === 'Condition') [node.ifClause, node.elseClause].forEach((n) => fetchesOf(n, into));
  else if (node.kind === 'Defer') fetchesOf(node.primary.node, into);
  return into;
}

describe('the plan of nodes(ids)', () => {
  const supergraph = Supergraph.build(readFileSync(SUPERGRAPH_PATH, 'utf8'));
  const planner = new QueryPlanner(supergraph);
  const plan = (query: string): QueryPlan =>
    planner.buildQueryPlan(operationFromDocument(supergraph.apiSchema(), parse(query)));

  it('asks each owning subgraph once for all the ids of its types', () => {
    const fetches = fetchesOf(
      plan(`query ($ids: [ID!]!) { nodes(ids: $ids) {
        id
        ... on Organisation { name }
        ... on Member { fullName }
        ... on Candidate { stage }
        ... on AdmissionPlan { quota }
        ... on Review { subjectKind }
      } }`).node,
    );
    expect(fetches.sort()).toEqual(['emulation', 'members', 'organisations', 'recruitment']);
  });
});
