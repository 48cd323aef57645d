import { setTimeout as sleep } from 'node:timers/promises';
import { todayInVietnam } from '@dangvien/domain';
import { toGlobalId } from '@dangvien/graphql';
import type { Logger } from '@dangvien/logger';
import type { TreeStore } from '../tree/tree-store';
import { demoPeople } from './people';

/** The demo tree's cells (services/organisations/src/seed.ts) and how many members each gets. */
export const DEMO_CELLS: Record<string, number> = {
  'TN.PDP.TDP01': 34,
  'TN.PDP.TDP02': 28,
  'TN.PDP.THCS': 22,
  'TN.DTU.DCA': 31,
  'TN.DTU.CTH': 26,
  'TN.DTU.HTX': 18,
  'TN.DHO.PCA': 24,
  'TN.DHO.TTR': 21,
  'TN.CA.CSGT.D1': 35,
  'TN.DHTN.SP.TOAN': 29,
  'TN.DHTN.SP.SV': 32,
};

type Execute = (
  query: string,
  variables?: Record<string, unknown>,
) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly unknown[] }>;

const REGISTER = /* GraphQL */ `
  mutation SeedMember($input: RegisterMemberInput!) {
    registerMember(input: $input) {
      member {
        id
      }
      userErrors {
        code
        message
      }
    }
  }
`;
const ISSUE = /* GraphQL */ `
  mutation SeedLetter($input: IssueTransferLetterInput!) {
    issueTransferLetter(input: $input) {
      member {
        id
      }
      userErrors {
        code
        message
      }
    }
  }
`;
const ACCEPT = /* GraphQL */ `
  mutation SeedAccept($input: AcceptTransferInput!) {
    acceptTransfer(input: $input) {
      member {
        id
      }
      userErrors {
        code
        message
      }
    }
  }
`;
const EXEMPT = /* GraphQL */ `
  mutation SeedExempt($input: ExemptMemberInput!) {
    exemptMember(input: $input) {
      member {
        id
      }
      userErrors {
        code
        message
      }
    }
  }
`;

async function run(
  execute: Execute,
  query: string,
  input: Record<string, unknown>,
  field: string,
  what: string,
): Promise<string> {
  const { data, errors } = await execute(query, { input });
  const payload = data?.[field] as { member: { id: string } | null; userErrors: unknown[] } | undefined;
  if (errors?.length || !payload?.member) {
    throw new Error(`demo seed failed at ${what}: ${JSON.stringify(errors ?? payload?.userErrors)}`);
  }
  return payload.member.id;
}

/**
 * A few hundred members in the demo cells, through the public API (the mutations a client sends):
 * the article's mix of women, ethnic groups and education, some probationary, then one member
 * transferred to another cell and one exempted from activities. Waits for the organisations
 * service's demo tree to reach this service's copy; without it (SEED_DEMO off there) it gives up.
 */
export async function seedDemoMembers(
  execute: Execute,
  treeStore: TreeStore,
  options: { waitMs: number; logger: Logger; clock?: () => Date },
): Promise<number> {
  const deadline = Date.now() + options.waitMs;
  const codes = Object.keys(DEMO_CELLS);
  for (;;) {
    await treeStore.refresh();
    if (codes.every((code) => treeStore.tree.idByCode(code))) break;
    if (Date.now() >= deadline) {
      options.logger.warn(
        { codes },
        'demo members skipped: the demo tree did not arrive from the organisations service',
      );
      return 0;
    }
    await sleep(500);
  }
  const today = todayInVietnam(options.clock?.() ?? new Date());
  const total = Object.values(DEMO_CELLS).reduce((a, b) => a + b, 0);
  const people = demoPeople(total, { seed: 2025, today, firstCard: 20_250_001 });
  const ids: string[] = [];
  let at = 0;
  for (const [code, count] of Object.entries(DEMO_CELLS)) {
    const organisationId = toGlobalId('Organisation', treeStore.tree.idByCode(code)!);
    for (const person of people.slice(at, at + count)) {
      const { decisionDate, ceremonyDate, officialDate, ...profile } = person;
      ids.push(
        await run(
          execute,
          REGISTER,
          { person: profile, organisationId, decisionDate, ceremonyDate, officialDate },
          'registerMember',
          `${code} ${person.fullName}`,
        ),
      );
    }
    at += count;
  }
  // One permanent transfer between two cells of Đại Từ, and one exemption for an older member.
  const to = toGlobalId('Organisation', treeStore.tree.idByCode('TN.DTU.CTH')!);
  const mover =
    ids[
      Object.values(DEMO_CELLS)
        .slice(0, 3)
        .reduce((a, b) => a + b, 0)
    ]!;
  await run(
    execute,
    ISSUE,
    { id: mover, toOrganisationId: to, kind: 'PERMANENT', issuedOn: today, letterNumber: '12-GGT/ĐU' },
    'issueTransferLetter',
    'transfer',
  );
  await run(execute, ACCEPT, { id: mover, acceptedOn: today }, 'acceptTransfer', 'transfer accepted');
  const elder = ids.find(
    (_, i) => people[i]!.officialDate && people[i]!.dateOfBirth < `${Number(today.slice(0, 4)) - 70}`,
  );
  if (elder) {
    await run(
      execute,
      EXEMPT,
      { id: elder, effectiveDate: today, reason: 'Tuổi cao, sức yếu' },
      'exemptMember',
      'exemption',
    );
  }
  return ids.length;
}
