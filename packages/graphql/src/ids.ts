/**
 * Relay global object ids: `base64url("<Type>:<localId>")`. Opaque to clients, stable across
 * subgraphs, and decodable so `node(id:)` and mutations can check the type they were given.
 */
export function toGlobalId(type: string, localId: string): string {
  return Buffer.from(`${type}:${localId}`, 'utf8').toString('base64url');
}

export interface DecodedGlobalId {
  type: string;
  id: string;
}

/** Returns null for anything that is not a well-formed global id. */
export function fromGlobalId(globalId: string): DecodedGlobalId | null {
  if (!/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return null;
  const type = decoded.slice(0, colon);
  if (!/^[A-Z][A-Za-z0-9]*$/.test(type)) return null;
  return { type, id: decoded.slice(colon + 1) };
}

/** Decodes a global id that must name `expectedType`; null otherwise. */
export function localIdOf(globalId: string, expectedType: string): string | null {
  const decoded = fromGlobalId(globalId);
  return decoded && decoded.type === expectedType ? decoded.id : null;
}
