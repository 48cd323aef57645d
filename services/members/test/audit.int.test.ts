import { addYears, todayInVietnam } from '@dangvien/domain';
import { waitFor } from '@dangvien/testing';
import { localIdOf } from '@dangvien/graphql';
import { SENSITIVE_READS_COLLECTION } from '@dangvien/runtime';
import { as, gql, mutate, person, startTestService, withTree } from './helpers';

const today = todayInVietnam();

const MEMBER_AUDIT = /* GraphQL */ `
  query ($id: ID!, $first: Int, $after: String) {
    member(id: $id) {
      audit(first: $first, after: $after) {
        nodes {
          action
          actor
          actorTrusted
          reason
          effectiveDate
          version
          changes {
            field
            before
            after
            sensitive
            redacted
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;
const UNIT_AUDIT = /* GraphQL */ `
  query ($id: ID!) {
    _entities(representations: [{ __typename: "Organisation", id: $id }]) {
      ... on Organisation {
        memberAudit(first: 50) {
          nodes {
            action
            member {
              fullName
            }
          }
        }
      }
    }
  }
`;

interface Entry {
  action: string;
  actor: string | null;
  actorTrusted: boolean;
  reason: string | null;
  version: number;
  changes: {
    field: string;
    before: string | null;
    after: string | null;
    sensitive: boolean;
    redacted: boolean;
  }[];
}

describe('the audit of member files (real database and broker)', () => {
  const { service, parts, drop } = startTestService({ name: 'members_audit' });
  const held = withTree({ service, parts, drop });

  it('keeps who changed which field from what to what, why, per member and per subtree; sensitive values only for those granted them', async () => {
    const { member } = await mutate(service.url, 'registerMember', {
      person: person({ fullName: 'Lục Văn Hưng', sex: 'MALE', ethnicityCode: '07' }),
      organisationId: held.tree.global('A1'),
      decisionDate: addYears(today, -10),
    });
    const id = member!.id;
    const update = await mutate(service.url, 'updateMemberProfile', {
      id,
      changes: { ethnicityCode: '02', politicalTheory: 'ADVANCED' },
      reason: 'Đính chính theo lý lịch gốc',
      decision: { number: '88-QĐ/ĐU', date: today },
    });
    expect(update.userErrors).toEqual([]);
    const entries = await waitFor(
      async () =>
        (await gql<{ member: { audit: { nodes: Entry[] } } }>(service.url, MEMBER_AUDIT, { id })).data!.member
          .audit.nodes,
      { until: (nodes) => nodes.length === 2, timeoutMs: 30_000 },
    );
    expect(entries.map((e) => e.action)).toEqual(['PROFILE_UPDATED', 'REGISTERED']);
    expect(entries[0]).toMatchObject({
      actor: 'test-clerk',
      actorTrusted: true,
      reason: 'Đính chính theo lý lịch gốc',
      version: 4,
    });
    expect(entries[0]!.changes).toEqual([
      { field: 'ethnicityCode', before: '07', after: '02', sensitive: true, redacted: false },
      {
        field: 'politicalTheory',
        before: 'INTERMEDIATE',
        after: 'ADVANCED',
        sensitive: false,
        redacted: false,
      },
    ]);
    // Shown sensitive values are sensitive reads, audited like the fields themselves.
    const reads = await service.runtime.database.connection
      .collection(SENSITIVE_READS_COLLECTION)
      .find({ type: 'AuditEntry', memberId: localIdOf(id, 'Member') })
      .toArray();
    expect(reads.flatMap((r) => r.fields as string[])).toContain('ethnicityCode');
    expect(reads.every((r) => r.subject === 'test-clerk')).toBe(true);
    // Without the scope the sensitive values are hidden, the rest is shown.
    const hidden = (
      await gql<{ member: { audit: { nodes: Entry[] } } }>(
        service.url,
        MEMBER_AUDIT,
        { id },
        as('PROVINCIAL_ADMIN'),
      )
    ).data!.member.audit.nodes;
    expect(hidden[0]!.changes).toEqual([
      { field: 'ethnicityCode', before: null, after: null, sensitive: true, redacted: true },
      {
        field: 'politicalTheory',
        before: 'INTERMEDIATE',
        after: 'ADVANCED',
        sensitive: false,
        redacted: false,
      },
    ]);
    // Paged newest first.
    const first = (
      await gql<{ member: { audit: { nodes: Entry[]; pageInfo: { endCursor: string } } } }>(
        service.url,
        MEMBER_AUDIT,
        { id, first: 1 },
      )
    ).data!.member.audit;
    const second = (
      await gql<{ member: { audit: { nodes: Entry[] } } }>(service.url, MEMBER_AUDIT, {
        id,
        first: 1,
        after: first.pageInfo.endCursor,
      })
    ).data!.member.audit;
    expect([...first.nodes, ...second.nodes].map((e) => e.action)).toEqual(['PROFILE_UPDATED', 'REGISTERED']);
    // Per subtree: the commune sees the changes of its cells' members.
    const unit = await gql<{
      _entities: { memberAudit: { nodes: { action: string; member: { fullName: string } }[] } }[];
    }>(service.url, UNIT_AUDIT, { id: held.tree.global('C1') });
    expect(unit.data!._entities[0]!.memberAudit.nodes).toEqual([
      { action: 'PROFILE_UPDATED', member: { fullName: 'Lục Văn Hưng' } },
      { action: 'REGISTERED', member: { fullName: 'Lục Văn Hưng' } },
    ]);
    expect(
      (
        await gql<{ _entities: { memberAudit: { nodes: unknown[] } }[] }>(service.url, UNIT_AUDIT, {
          id: held.tree.global('C2'),
        })
      ).data!._entities[0]!.memberAudit.nodes,
    ).toEqual([]);
  }, 60_000);

  it('cannot be edited through any API: no mutation takes or returns an audit entry', async () => {
    const schema = await gql<{
      __schema: {
        mutationType: {
          fields: {
            name: string;
            args: { type: { ofType: { name: string } | null; name: string | null } }[];
            type: { ofType: { name: string } };
          }[];
        };
      };
    }>(
      service.url,
      `{ __schema { mutationType { fields { name args { type { name ofType { name } } } type { ofType { name } } } } } }`,
    );
    const fields = schema.data!.__schema.mutationType.fields;
    expect(fields.filter((f) => /audit/i.test(f.name))).toEqual([]);
    const payloads = new Set(fields.map((f) => f.type.ofType.name));
    for (const payload of payloads) {
      const shape = await gql<{
        __type: {
          fields: { name: string; type: { name: string | null; ofType: { name: string } | null } }[];
        };
      }>(
        service.url,
        `query ($name: String!) { __type(name: $name) { fields { name type { name ofType { name } } } } }`,
        { name: payload },
      );
      const named = shape.data!.__type.fields.map((f) => f.type.name ?? f.type.ofType?.name);
      expect({ payload, audit: named.filter((n) => n && /Audit/.test(n)) }).toEqual({ payload, audit: [] });
    }
  });
});
