import { SignJWT } from 'jose';
import { isRole } from './identity';

export interface DevelopmentTokenRequest {
  role: string;
  /** The organisation (raw or global id) a committee officer, cell secretary or auditor covers. */
  org?: string | null;
  /** A MEMBER's own member id. */
  member?: string | null;
  scopes?: readonly string[];
  subject?: string;
  ttlSeconds?: number;
}

/**
 * A client token signed with the development secret (HS256), as `./dangvien token` prints it: the
 * same claims an identity provider's token carries (`sub`, `role`, `org`, `member`, `scope`).
 */
export async function issueDevelopmentToken(
  request: DevelopmentTokenRequest,
  keys: { secret: string; issuer: string; audience: string },
): Promise<string> {
  if (!isRole(request.role) || request.role === 'ANONYMOUS') {
    throw new Error(`unknown role ${JSON.stringify(request.role)}`);
  }
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    role: request.role,
    ...(request.org ? { org: request.org } : {}),
    ...(request.member ? { member: request.member } : {}),
    ...(request.scopes?.length ? { scope: request.scopes.join(' ') } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(keys.issuer)
    .setAudience(keys.audience)
    .setSubject(request.subject ?? `dev-${request.role.toLowerCase()}`)
    .setIssuedAt(now)
    .setExpirationTime(now + (request.ttlSeconds ?? 8 * 3600))
    .sign(new TextEncoder().encode(keys.secret));
}
