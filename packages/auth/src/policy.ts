import { defaultFieldResolver, GraphQLError, isNonNullType, isObjectType } from 'graphql';
import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import type { Access, ObjectScope } from './access';
import { fieldRule } from './directives';
import type { FieldRule } from './directives';

/** Where in a context object the runtime keeps the request's `Access` (services read it with `accessOf`). */
export const ACCESS = Symbol.for('dangvien.access');

export function accessOf(context: unknown): Access {
  const access = (context as { [ACCESS]?: Access } | null)?.[ACCESS];
  if (!access) throw new Error('no access in this context: is it built by the runtime?');
  return access;
}

/** How a service finds the scope of an object of one of its types (only types with personal fields). */
export type ScopeOf = (parent: never, context: never) => ObjectScope | null | Promise<ObjectScope | null>;

export interface SensitiveRead {
  type: string;
  field: string;
  scope: ObjectScope;
  /** The object's id, when it has one (`id` or `_id`). */
  objectId: string | null;
}

function idOf(parent: unknown): string | null {
  const value =
    (parent as { id?: unknown; _id?: unknown } | null)?.id ?? (parent as { _id?: unknown } | null)?._id;
  return typeof value === 'string' ? value : null;
}

export interface PolicyOptions {
  /** Per type name: the scope of an object, for its `@personal`/`@sensitive` fields. */
  scopeOf: Record<string, ScopeOf>;
  /** Told of each sensitive field read (the runtime records them: who read whose file, when). */
  onSensitiveRead?: (context: unknown, read: SensitiveRead) => void;
}

export type Refusal =
  'ROLE_NOT_ALLOWED' | 'NOT_DECLARED' | 'PERSONAL_DATA_OUT_OF_SCOPE' | 'SENSITIVE_SCOPE_REQUIRED';

/** The error of a refused field (its value null): UNAUTHENTICATED for anonymous callers, else FORBIDDEN. */
export function accessError(
  access: Access,
  reason: Refusal | 'WRITE_OUT_OF_SCOPE',
  detail: string,
): GraphQLError {
  return new GraphQLError(detail, { extensions: { code: access.denial(), reason } });
}

/** What the policy found in a schema (the runtime logs it at start). */
export interface PolicySummary {
  personal: string[];
  sensitive: string[];
  allowed: string[];
  /** Mutation fields without `@allow`: refused to everyone. */
  undeclaredMutations: string[];
}

/**
 * Enforces the access directives of a subgraph schema by wrapping the resolvers of the fields that
 * carry one (every other field keeps its resolver untouched: no cost where nothing is declared).
 * - `@allow(roles)`: other roles get FORBIDDEN (UNAUTHENTICATED when anonymous) before the resolver runs;
 *   a Mutation field without `@allow` is refused to everyone (fail closed);
 * - `@personal` (on a field, or on a type for all its fields but `id`): the parent object's scope, from
 *   `scopeOf[type]`, must be covered by the caller (`Access.canReadPersonal`);
 * - `@sensitive(scope)`: personal, and the caller holds `scope`; each read is reported to `onSensitiveRead`.
 * Personal fields must be nullable: a refusal is a null with an error, never a null that wipes the parent.
 */
export function applyAccessPolicy(schema: GraphQLSchema, options: PolicyOptions): PolicySummary {
  const summary: PolicySummary = { personal: [], sensitive: [], allowed: [], undeclaredMutations: [] };
  const mutationType = schema.getMutationType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const rule = fieldRule(type, field);
      const coordinate = `${type.name}.${field.name}`;
      const undeclared = type === mutationType && rule.allow === null;
      if (!rule.personal && rule.allow === null && !undeclared) continue;
      if (rule.personal) {
        if (isNonNullType(field.type)) {
          throw new Error(`${coordinate} is personal data and must be nullable (a refusal is a null)`);
        }
        if (!options.scopeOf[type.name]) {
          throw new Error(
            `${coordinate} is personal data: give scopeOf.${type.name} (where its objects sit)`,
          );
        }
        (rule.sensitive ? summary.sensitive : summary.personal).push(coordinate);
      }
      if (rule.allow) summary.allowed.push(coordinate);
      if (undeclared) summary.undeclaredMutations.push(coordinate);
      field.resolve = guard(
        type.name,
        field.name,
        rule,
        undeclared,
        field.resolve ?? defaultFieldResolver,
        options,
      );
    }
  }
  return summary;
}

function guard(
  typeName: string,
  fieldName: string,
  rule: FieldRule,
  undeclared: boolean,
  resolve: GraphQLFieldResolver<unknown, unknown>,
  options: PolicyOptions,
): GraphQLFieldResolver<unknown, unknown> {
  const scopeOf = options.scopeOf[typeName];
  return async (parent, args, context, info) => {
    const access = accessOf(context);
    if (undeclared) {
      throw accessError(access, 'NOT_DECLARED', `${typeName}.${fieldName} declares no role that may call it`);
    }
    if (rule.allow && !access.hasRole(rule.allow)) {
      throw accessError(
        access,
        'ROLE_NOT_ALLOWED',
        `${typeName}.${fieldName} is for ${rule.allow.join(', ')}, not ${access.identity.role}`,
      );
    }
    if (rule.personal) {
      const scope = await scopeOf!(parent as never, context as never);
      const allowed =
        scope !== null &&
        (rule.sensitive ? access.canReadSensitive(scope, rule.sensitive) : access.canReadPersonal(scope));
      if (!allowed) {
        const missingScope = scope !== null && rule.sensitive && access.canReadPersonal(scope);
        throw missingScope
          ? accessError(
              access,
              'SENSITIVE_SCOPE_REQUIRED',
              `${typeName}.${fieldName} is sensitive personal data (Decree 13/2023): it needs the ${rule.sensitive} scope`,
            )
          : accessError(
              access,
              'PERSONAL_DATA_OUT_OF_SCOPE',
              `${typeName}.${fieldName} is personal data outside the caller's scope`,
            );
      }
      if (rule.sensitive)
        options.onSensitiveRead?.(context, {
          type: typeName,
          field: fieldName,
          scope: scope!,
          objectId: idOf(parent),
        });
    }
    return resolve(parent, args, context, info);
  };
}
