import type { Connection } from 'mongoose';
import { auditModel } from '../model/audit-document';
import type { AuditDocument } from '../model/audit-document';

/** The audit, newest first, by member or by subtree (one equality each), paged by its sort key. */
export function createAuditQueries(connection: Connection) {
  const model = auditModel(connection);
  const page = (filter: Record<string, unknown>, limit: number, after: string | null) =>
    model
      .find(after ? { ...filter, sortKey: { $lt: after } } : filter)
      .sort({ sortKey: -1 })
      .limit(limit + 1)
      .lean<AuditDocument[]>();
  return {
    model,
    ofMember: (memberId: string, limit: number, after: string | null) => page({ memberId }, limit, after),
    ofOrganisation: (organisationId: string, limit: number, after: string | null) =>
      page({ organisationIds: organisationId }, limit, after),
  };
}

export type AuditQueries = ReturnType<typeof createAuditQueries>;
