import type { ConstDirectiveNode, GraphQLField, GraphQLNamedType } from 'graphql';
import { isRole } from './identity';
import type { Role } from './identity';

/**
 * The access directives a subgraph declares its rules with, composed into the supergraph
 * (`@composeDirective`) so that the gateway's tools and the leak-walk read them from the one schema.
 * Paste this block into a subgraph SDL (the link and the definitions must be identical everywhere):
 *
 *   extend schema
 *     @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@composeDirective"])
 *     @link(url: "https://specs.dangvien.vn/access/v1.0", import: ["@personal", "@sensitive", "@allow"])
 *     @composeDirective(name: "@personal") @composeDirective(name: "@sensitive") @composeDirective(name: "@allow")
 */
export const ACCESS_SPEC_URL = 'https://specs.dangvien.vn/access/v1.0';

export const ACCESS_DIRECTIVES_SDL = `
"Personal data: answered only to a caller whose scope covers the object (null with FORBIDDEN otherwise)."
directive @personal on FIELD_DEFINITION | OBJECT
"Sensitive personal data (Decree 13/2023): personal, and the caller holds \`scope\` explicitly; every read is audited."
directive @sensitive(scope: String! = "sensitive:read") on FIELD_DEFINITION
"Only these roles may call the field (a Mutation field without it is refused to everyone)."
directive @allow(roles: [String!]!) on FIELD_DEFINITION
`;

export interface FieldRule {
  personal: boolean;
  /** The scope a sensitive field needs; null when it is not sensitive. */
  sensitive: string | null;
  /** The roles `@allow` names; null when the field has no `@allow`. */
  allow: Role[] | null;
}

function stringArgument(directive: ConstDirectiveNode, name: string): string | null {
  const argument = directive.arguments?.find((a) => a.name.value === name);
  return argument?.value.kind === 'StringValue' ? argument.value.value : null;
}

function rolesArgument(directive: ConstDirectiveNode): Role[] {
  const argument = directive.arguments?.find((a) => a.name.value === 'roles');
  const values =
    argument?.value.kind === 'ListValue'
      ? argument.value.values
      : argument?.value.kind === 'StringValue'
        ? [argument.value]
        : [];
  return values.map((value) => {
    const role = value.kind === 'StringValue' ? value.value : '';
    if (!isRole(role)) throw new Error(`@allow names an unknown role: ${JSON.stringify(role)}`);
    return role;
  });
}

/** The rule of a field, from its own directives and its type's `@personal`. */
export function fieldRule(
  type: Pick<GraphQLNamedType, 'astNode' | 'extensionASTNodes'>,
  field: Pick<GraphQLField<unknown, unknown>, 'astNode' | 'name'>,
): FieldRule {
  const directives = field.astNode?.directives ?? [];
  const typeDirectives = [type.astNode, ...(type.extensionASTNodes ?? [])].flatMap(
    (node) => node?.directives ?? [],
  );
  const sensitive = directives.find((d) => d.name.value === 'sensitive');
  const allow = directives.find((d) => d.name.value === 'allow');
  const typePersonal = typeDirectives.some((d) => d.name.value === 'personal') && field.name !== 'id';
  return {
    personal: Boolean(sensitive) || typePersonal || directives.some((d) => d.name.value === 'personal'),
    sensitive: sensitive ? (stringArgument(sensitive, 'scope') ?? 'sensitive:read') : null,
    allow: allow ? rolesArgument(allow) : null,
  };
}
