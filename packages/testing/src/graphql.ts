export interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/**
 * The identity header of a provincial administrator granted the sensitive scope, as the gateway
 * forwards it unsigned in development: subgraphs under test believe it only when they trust unsigned
 * identities (TRUST_IDENTITY_HEADERS=true, or development). Tests of access pass their own headers.
 */
export const ADMIN_IDENTITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-dangvien-identity': JSON.stringify({
    subject: 'test-admin',
    role: 'PROVINCIAL_ADMIN',
    organisationId: null,
    memberId: null,
    scopes: ['sensitive:read'],
  }),
});

/** Posts a GraphQL operation the way a client does and returns the parsed response. */
export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Readonly<Record<string, string>> = ADMIN_IDENTITY_HEADERS,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}
