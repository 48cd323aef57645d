import { addDays } from '@dangvien/domain';
import { seeded } from '../province/random';
import type { LoadedSystem } from '../province/system';
import { NEXT_STEP, STAGE_AFTER } from '../province/load';

/**
 * The dashboard of a committee: the unit with its subtree's statistics (members), a page of members
 * with their organisations (members → organisations), recruitment progress and warnings
 * (recruitment), emulation score and rank (emulation): every subgraph, two levels of entity fetches.
 */
export const DASHBOARD = /* GraphQL */ `
  query Dashboard($id: ID!, $asOf: Date!, $year: Int!, $first: Int!) {
    organisation(id: $id, asOf: $asOf) {
      id
      code
      name
      level
      memberStatistics(asOf: $asOf) {
        total
        official
        probationary
        women {
          count
          share
        }
        ethnicMinorities {
          count
          share
        }
        universityEducated {
          count
          share
        }
      }
      members(first: $first, includeSubtree: true, asOf: $asOf) {
        nodes {
          id
          fullName
          status
          partyCardNumber
          organisation {
            id
            code
            name
          }
        }
      }
      admissionFunnel(year: $year) {
        candidates
        stages {
          stage
          reached
          current
        }
      }
      recruitmentWarnings(asOf: $asOf, first: 20) {
        totalCount
        nodes {
          code
          message
        }
      }
      emulation(year: $year) {
        score
        rank
        classification
      }
    }
  }
`;

/** A member search by name (one subgraph: members). */
export const SEARCH = /* GraphQL */ `
  query Search($search: String!, $under: ID) {
    members(filter: { search: $search }, under: $under, first: 20) {
      nodes {
        id
        fullName
        partyCardNumber
        status
      }
    }
  }
`;

const GIVEN = ['Hà', 'Sơn', 'Mai', 'Hùng', 'Lan', 'Minh', 'Hương', 'Dũng', 'Trang', 'Tuấn', 'Linh', 'Nam'];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Hoàng', 'Ma', 'Nông', 'Triệu', 'nguyen', 'tran', 'hoang'];

export interface Variables {
  dashboard(index: number): Record<string, unknown>;
  search(index: number): Record<string, unknown>;
}

/**
 * Variables that differ from one request to the next (another unit, another day, another name), so
 * no cache of results could answer a repeat; drawn from a seed, the same in every run.
 */
export function variables(run: LoadedSystem, first = 10): Variables {
  const units = [...run.loaded.units.values()];
  const next = seeded(run.province.seed ^ 0xabc);
  const unitAt = (index: number) => units[(index * 7919 + Math.floor(next() * units.length)) % units.length]!;
  const year = Number(run.province.today.slice(0, 4));
  return {
    dashboard: (index) => ({
      id: unitAt(index),
      // Today: the province was loaded today, and earlier days' figures would answer another question.
      asOf: run.province.today,
      year: year - (index % 2),
      first,
    }),
    search: (index) => ({
      search: `${FAMILY[index % FAMILY.length]} ${GIVEN[Math.floor(index / FAMILY.length) % GIVEN.length]}`,
      under: index % 3 === 0 ? run.loaded.provinceId : unitAt(index),
    }),
  };
}

/**
 * The write flow: the next candidate moved one step (certificate, application, personal history),
 * the candidates shared out equally between `cells` queues (one per cell of the write workload), so
 * that no cell runs on what another left and each target gets the same supply.
 */
export function writeQueues(run: LoadedSystem, cells: number) {
  const all = run.loaded.movable.map((c) => ({ ...c }));
  return Array.from({ length: cells }, (_, k) => steps(all.filter((_, j) => j % cells === k)));
}

function steps(queue: LoadedSystem['loaded']['movable']) {
  let at = 0;
  return (): { query: string; variables: Record<string, unknown> } | null => {
    while (queue.length > 0) {
      const candidate = queue[at % queue.length]!;
      const step = NEXT_STEP[candidate.stage];
      if (!step) {
        queue.splice(at % queue.length, 1);
        continue;
      }
      at += 1;
      const date = addDays(candidate.listedOn, 30);
      candidate.listedOn = date;
      const input = step.input(candidate.id, date);
      candidate.stage = STAGE_AFTER[candidate.stage]!;
      return { query: step.mutation, variables: { input } };
    }
    return null;
  };
}
