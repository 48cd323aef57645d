import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { Schema } from 'mongoose';
import type { Connection } from 'mongoose';
import { ACCESS, applyAccessPolicy, createAccess, identityFromHeaders } from '@dangvien/auth';
import type { Access, Identity, PolicySummary, ScopeOf, SensitiveRead } from '@dangvien/auth';
import type { Logger } from '@dangvien/logger';

/**
 * What a service tells the runtime about access (the rules themselves are the SDL's `@allow`,
 * `@personal` and `@sensitive`, enforced here for every service alike):
 * - `scopeOf`: for each type with personal fields, where its objects sit (their organisation and
 *   ancestors, and whose file it is);
 * - `successorsOf`: the units a unit was merged or split into, so that its officers' scope follows.
 */
export interface ServiceAccess {
  scopeOf?: Record<string, ScopeOf>;
  successorsOf?: (organisationId: string) => readonly string[];
}

/** What the runtime passes a service's context builder: the request and who makes it. */
export interface RequestIdentity {
  req: IncomingMessage | null;
  /** The verified caller; for `runtime.execute` (the service's own demo data) the service itself. */
  identity: Identity;
  access: Access;
}

/** The service's own calls (demo data through its API): the whole province, no sensitive scope. */
export function serviceIdentity(name: string): Identity {
  return Object.freeze({
    subject: `service:${name}`,
    role: 'PROVINCIAL_ADMIN',
    organisationId: null,
    memberId: null,
    scopes: Object.freeze([]) as readonly string[],
  });
}

/** Whether identity headers that carry no gateway signature are believed (development only by default). */
export function trustsUnsignedIdentity(config: {
  NODE_ENV: string;
  TRUST_IDENTITY_HEADERS: 'true' | 'false' | 'development';
}): boolean {
  return config.TRUST_IDENTITY_HEADERS === 'development'
    ? config.NODE_ENV === 'development'
    : config.TRUST_IDENTITY_HEADERS === 'true';
}

const READS = Symbol.for('dangvien.sensitive-reads');

interface PendingRead {
  type: string;
  objectId: string | null;
  memberId: string | null;
  organisationId: string | null;
  fields: Set<string>;
}

/** The audit of sensitive reads (Decree 13/2023: who read whose file, when), one document per object read. */
export const SENSITIVE_READS_COLLECTION = 'sensitive_reads';

function registerAuditModel(connection: Connection) {
  const schema = new Schema(
    {
      _id: String,
      at: { type: Date, required: true },
      subject: { type: String, default: null },
      role: { type: String, required: true },
      callerOrganisationId: { type: String, default: null },
      operation: { type: String, default: null },
      type: { type: String, required: true },
      objectId: { type: String, default: null },
      memberId: { type: String, default: null },
      organisationId: { type: String, default: null },
      fields: { type: [String], default: [] },
    },
    { versionKey: false, autoIndex: false },
  );
  // Equality filters: whose file was read, and what a caller read.
  schema.index({ memberId: 1 });
  schema.index({ objectId: 1 });
  schema.index({ subject: 1 });
  return connection.model('SensitiveRead', schema, SENSITIVE_READS_COLLECTION);
}

/**
 * Notes a read of sensitive data in the request's audit (written before the response leaves). The
 * `@sensitive` fields are noted by the runtime; a resolver calls this for sensitive values it shows
 * otherwise (e.g. a file's audit entries).
 */
export function noteSensitiveRead(context: unknown, read: SensitiveRead): void {
  const reads = (context as { [READS]?: Map<string, PendingRead> })[READS];
  if (!reads) return;
  const { objectId } = read;
  const key = `${read.type}\u0000${objectId ?? read.scope.memberId ?? ''}`;
  let pending = reads.get(key);
  if (!pending) {
    pending = {
      type: read.type,
      objectId,
      memberId: read.scope.memberId ?? null,
      organisationId: read.scope.ancestorIds.at(-1) ?? null,
      fields: new Set(),
    };
    reads.set(key, pending);
  }
  pending.fields.add(read.field);
}

/**
 * The access part of a service: the identity and `Access` of each request (in the context under
 * `ACCESS`), the policy applied to the schema, and the audit of sensitive reads, written before the
 * response leaves: a read that cannot be audited is not answered.
 */
export function createAccessRuntime(options: {
  name: string;
  connection: Connection;
  logger: Logger;
  trustUnsigned: boolean;
  newId: () => string;
}) {
  const { name, logger } = options;
  const model = registerAuditModel(options.connection);
  const self = serviceIdentity(name);
  let service: ServiceAccess = {};

  return {
    /** Applies the SDL's access directives to the built schema (fails the start on a rule it cannot enforce). */
    apply(schema: GraphQLSchema, access: ServiceAccess | undefined): PolicySummary {
      service = access ?? {};
      const summary = applyAccessPolicy(schema, {
        scopeOf: service.scopeOf ?? {},
        onSensitiveRead: noteSensitiveRead,
      });
      logger.info(
        {
          personal: summary.personal.length,
          sensitive: summary.sensitive,
          mutations: summary.allowed.filter((c) => c.startsWith('Mutation.')).length,
          refusedToAll: summary.undeclaredMutations,
        },
        'access policy applied',
      );
      return summary;
    },

    /** Who calls: the gateway's signed identity (anonymous without one); the service itself in `execute`. */
    requestIdentity(req: IncomingMessage | null): RequestIdentity {
      const identity = req
        ? identityFromHeaders(req.headers, { trustUnsigned: options.trustUnsigned })
        : self;
      const successorsOf = service.successorsOf;
      const access = createAccess(identity, successorsOf ? { successorsOf } : {});
      return { req, identity, access };
    },

    /** Puts the request's access and its read log in a context the service built. */
    attach<C extends object>(context: C, request: RequestIdentity): C {
      // Symbol keys: invisible to the service's own fields, kept by a spread of the context.
      const attached = context as C & { [ACCESS]?: Access; [READS]?: Map<string, PendingRead> };
      attached[ACCESS] = request.access;
      if (request.req) attached[READS] = new Map();
      return context;
    },

    /** Writes the request's sensitive reads before its response is sent. */
    plugin(): ApolloServerPlugin<object> {
      return {
        async requestDidStart() {
          return {
            async willSendResponse({ contextValue, response, request }) {
              const reads = (contextValue as { [READS]?: Map<string, PendingRead> })[READS];
              if (!reads || reads.size === 0) return;
              const caller = (contextValue as { [ACCESS]?: Access })[ACCESS]?.identity;
              const at = new Date();
              const documents = [...reads.values()].map((read) => ({
                _id: options.newId(),
                at,
                subject: caller?.subject ?? null,
                role: caller?.role ?? 'ANONYMOUS',
                callerOrganisationId: caller?.organisationId ?? null,
                operation: request.operationName ?? null,
                ...read,
                fields: [...read.fields].sort(),
              }));
              reads.clear();
              try {
                await model.collection.insertMany(documents as never[], { ordered: false });
              } catch (error) {
                logger.error({ err: error, reads: documents.length }, 'sensitive reads could not be audited');
                if (response.body.kind === 'single') {
                  response.body.singleResult = {
                    errors: [
                      {
                        message:
                          'The response held sensitive personal data whose reading could not be audited: try again',
                        extensions: { code: 'AUDIT_UNAVAILABLE' },
                      },
                    ],
                  } as never;
                }
                response.http.status = 503;
              }
            },
          };
        },
      };
    },
  };
}
