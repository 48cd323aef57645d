// The Relay global id format of @dangvien/graphql (`base64url("<Type>:<id>")`), decoded here too so
// that this package depends on nothing of GraphQL's.
export function fromGlobalId(globalId: string): { type: string; id: string } | null {
  if (!/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return null;
  const type = decoded.slice(0, colon);
  if (!/^[A-Z][A-Za-z0-9]*$/.test(type)) return null;
  return { type, id: decoded.slice(colon + 1) };
}
