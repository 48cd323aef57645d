import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '@dangvien/domain';
import { importMembersFile } from '../../../services/members/src/cli/import';
import type { Client } from './client';
import { inParallel, progress } from './client';
import { memberListCsv } from './csv';
import type { SyntheticProvince } from './generate';

/** Ids the loader got back, by code (units, localities) or Party card (members). */
export interface LoadedProvince {
  provinceId: string;
  units: Map<string, string>;
  localities: Map<string, string>;
  /** Candidates at LISTED, CLASS_CERTIFIED or APPLIED: each can be moved one step on (the write flow). */
  movable: { id: string; stage: string; listedOn: string }[];
  seconds: Record<string, number>;
}

const EFFECTIVE = '2020-01-01';
// Writes are serialised by each service: more in flight only queue behind its mutex (and can pass the
// gateway's subgraph timeout on a busy machine).
const IN_FLIGHT = 2;

const CREATE = /* GraphQL */ `
  mutation ($input: CreateOrganisationInput!) {
    createOrganisation(input: $input) {
      organisation {
        id
      }
      userErrors {
        code
        message
      }
    }
  }
`;
const LOCALITY = /* GraphQL */ `
  mutation ($input: RegisterLocalityInput!) {
    registerLocality(input: $input) {
      locality {
        id
      }
      userErrors {
        code
        message
      }
    }
  }
`;
const HEAD = /* GraphQL */ `
  mutation ($input: AppointLocalityHeadInput!) {
    appointLocalityHead(input: $input) {
      locality {
        id
      }
      userErrors {
        code
        message
      }
    }
  }
`;
const LIST = /* GraphQL */ `
  mutation ($input: ListCandidateInput!) {
    listCandidate(input: $input) {
      candidate {
        id
      }
      userErrors {
        code
        message
      }
    }
  }
`;

/** The next step of each stage reached, as the write flow and the loader take it. */
export const NEXT_STEP: Record<string, { mutation: string; input: (id: string, date: string) => object }> = {
  LISTED: {
    mutation: /* GraphQL */ `
      mutation ($input: RecordCertificateInput!) {
        recordCertificate(input: $input) {
          candidate {
            id
            stage
          }
          userErrors {
            code
            message
          }
        }
      }
    `,
    input: (candidateId, date) => ({
      candidateId,
      date,
      actor: 'bench',
      number: `GCN-${candidateId.slice(-8)}`,
    }),
  },
  CLASS_CERTIFIED: {
    mutation: /* GraphQL */ `
      mutation ($input: StepInput!) {
        recordApplication(input: $input) {
          candidate {
            id
            stage
          }
          userErrors {
            code
            message
          }
        }
      }
    `,
    input: (candidateId, date) => ({ candidateId, date, actor: 'bench' }),
  },
  APPLIED: {
    mutation: /* GraphQL */ `
      mutation ($input: StepInput!) {
        recordPersonalHistory(input: $input) {
          candidate {
            id
            stage
          }
          userErrors {
            code
            message
          }
        }
      }
    `,
    input: (candidateId, date) => ({ candidateId, date, actor: 'bench' }),
  },
};
export const STAGE_AFTER: Record<string, string> = {
  LISTED: 'CLASS_CERTIFIED',
  CLASS_CERTIFIED: 'APPLIED',
  APPLIED: 'HISTORY_DECLARED',
};

/** Retries what another service has not learnt yet (its consumer is behind): up to five minutes (a fresh consumer group reads the shared topics from the start). */
async function eventually<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (Date.now() > deadline || !/NOT_FOUND|UNKNOWN/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/**
 * Loads the province through the public paths only: the tree and localities by mutations through the
 * gateway, the members by the import CLI's client (to the members service, as `./dangvien import
 * members` does, batches of 1,000 rows: one batch can take longer than the gateway's subgraph timeout), the
 * heads by mutation, the candidates by the recruitment mutations step by step. Events carry the
 * rest (tree to members and recruitment, member counts to organisations). `treeArrived` resolves
 * when the members service has every unit (it cannot place a member in a cell it has not heard of).
 */
export async function loadProvince(
  province: SyntheticProvince,
  options: {
    client: Client;
    /** The members service's URL and the signed identity it takes, as `./dangvien import members` posts. */
    membersUrl: string;
    identityHeaders: Record<string, string>;
    treeArrived: (ids: string[]) => Promise<void>;
  },
): Promise<LoadedProvince> {
  const { client } = options;
  const seconds: Record<string, number> = {};
  const timed = async (label: string, work: () => Promise<void>) => {
    const at = Date.now();
    await work();
    seconds[label] = (Date.now() - at) / 1000;
  };
  const units = new Map<string, string>();
  await timed('organisations', async () => {
    const report = progress('organisations (createOrganisation)');
    const depth = (code: string) => code.split('.').length;
    const levels = [...new Set(province.units.map((u) => depth(u.code)))].sort((a, b) => a - b);
    for (const level of levels) {
      await inParallel(
        province.units.filter((u) => depth(u.code) === level),
        IN_FLIGHT,
        async (u) => {
          const data = await client<{ createOrganisation: { organisation: { id: string } } }>(CREATE, {
            input: {
              code: u.code,
              name: u.name,
              level: u.level,
              sector: u.sector,
              parentId: u.parentCode ? units.get(u.parentCode) : null,
              effectiveDate: EFFECTIVE,
              ...(u.enterprise ? { enterprise: u.enterprise } : {}),
            },
          });
          units.set(u.code, data.createOrganisation.organisation.id);
          report(units.size, province.units.length);
        },
      );
    }
  });
  const localities = new Map<string, string>();
  await timed('localities', async () => {
    const report = progress('localities (registerLocality)');
    await inParallel(province.localities, IN_FLIGHT, async (l) => {
      const data = await client<{ registerLocality: { locality: { id: string } } }>(LOCALITY, {
        input: {
          code: l.code,
          name: l.name,
          kind: l.kind,
          communeId: units.get(l.communeCode),
          cellIds: [units.get(l.cellCode)],
          effectiveDate: EFFECTIVE,
        },
      });
      localities.set(l.code, data.registerLocality.locality.id);
      report(localities.size, province.localities.length);
    });
  });
  await timed('tree to members', () => options.treeArrived([...units.values()]));
  await timed('members', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'dangvien-province-'));
    try {
      const file = join(folder, 'danh-sach-dang-vien.csv');
      await writeFile(file, memberListCsv(province), 'utf8');
      const report = progress('members (import CLI, 1,000 rows a request)');
      const result = await importMembersFile({
        file,
        url: options.membersUrl,
        headers: options.identityHeaders,
        onProgress: report,
      });
      if (result.rejected > 0) throw new Error(`${result.rejected} rows rejected, see ${result.reportFile}`);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
  await timed('heads', async () => {
    const report = progress('locality heads (appointLocalityHead)');
    let done = 0;
    const cards = province.localities.map((l) => province.headCard(l));
    const memberIds = new Map<string, string>();
    const wanted = [...new Set(cards.filter((c): c is string => c !== null))];
    for (let i = 0; i < wanted.length; i += 20) {
      const batch = wanted.slice(i, i + 20);
      const query = `{ ${batch.map((card, k) => `m${k}: memberByPartyCard(number: "${card}") { id }`).join(' ')} }`;
      const data = await client<Record<string, { id: string } | null>>(query);
      batch.forEach((card, k) => {
        const found = data[`m${k}`];
        if (!found) throw new Error(`member ${card} not found after the import`);
        memberIds.set(card, found.id);
      });
    }
    await inParallel(province.localities, IN_FLIGHT, async (l, i) => {
      const card = cards[i];
      await client(HEAD, {
        input: {
          id: localities.get(l.code),
          name: card ? `Trưởng thôn (đảng viên ${card})` : `Trưởng thôn ${i + 1}`,
          memberId: card ? memberIds.get(card) : null,
          termStart: '2025-07-01',
        },
      });
      done += 1;
      report(done, province.localities.length);
    });
  });
  const loaded = { provinceId: units.get('TN')!, units, localities, movable: [], seconds };
  await timed('candidates', () => listCandidates(province, loaded, client, 0));
  return loaded;
}

/**
 * Lists the province's candidates and takes each to its stage, step by step; `extra` more on top
 * (indices after the province's own, left at LISTED: the write flow's supply). Each one that has a
 * next step is added to `loaded.movable`.
 */
export async function listCandidates(
  province: SyntheticProvince,
  loaded: LoadedProvince,
  client: Client,
  extra: number,
): Promise<void> {
  const { units, movable } = loaded;
  const report = progress(
    extra > 0 ? 'candidates for the write flow' : 'candidates (listCandidate and their steps)',
  );
  let done = 0;
  const all =
    extra > 0
      ? Array.from({ length: extra }, (_, j) => ({
          ...province.candidate(province.candidateCount + j),
          stage: 'LISTED',
        }))
      : Array.from({ length: province.candidateCount }, (_, j) => province.candidate(j));
  // One at a time: two listCandidate calls in flight sometimes fail inside recruitment (an internal
  // error, seen under load; reported to the lead).
  await inParallel(all, 1, async (c) => {
    const data = await eventually(() =>
      client<{ listCandidate: { candidate: { id: string } } }>(LIST, {
        input: {
          organisationId: units.get(c.cellCode),
          sourceCategory: c.sourceCategory,
          listedOn: c.listedOn,
          inUnitSince: c.inUnitSince,
          person: c.person,
        },
      }),
    );
    const id = data.listCandidate.candidate.id;
    let stage = 'LISTED';
    let date = c.listedOn;
    while (stage !== c.stage) {
      date = addDays(date, 30);
      const step = NEXT_STEP[stage]!;
      await client(step.mutation, { input: step.input(id, date) });
      stage = STAGE_AFTER[stage]!;
    }
    if (NEXT_STEP[stage]) movable.push({ id, stage, listedOn: date });
    done += 1;
    report(done, all.length);
  });
}
