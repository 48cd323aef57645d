import { parseArgs } from 'node:util';
import { DEVELOPMENT_TOKEN_SECRET, issueDevelopmentToken } from '@dangvien/auth';
import { readEnvironment } from './environment';

// `./dangvien token --role COMMITTEE_OFFICER --org <id> [--member <id>] [--scope sensitive:read]
// [--sub <subject>] [--ttl <seconds>]`: prints a development client token the gateway accepts
// (signed with AUTH_TOKEN_SECRET, or the development secret). Refused in production.
const USAGE =
  'usage: ./dangvien token --role <ROLE> [--org <organisation id>] [--member <member id>] [--scope <scope>]... [--sub <subject>] [--ttl <seconds>]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      org: { type: 'string' },
      member: { type: 'string' },
      scope: { type: 'string', multiple: true },
      sub: { type: 'string' },
      ttl: { type: 'string' },
    },
  });
  if (!values.role) throw new Error(USAGE);
  const config = readEnvironment();
  if (config.NODE_ENV === 'production') throw new Error('development tokens are not issued in production');
  if (config.AUTH_JWKS_FILE || config.AUTH_JWKS_URL) {
    throw new Error('the gateway is configured with a JWKS: get tokens from its identity provider');
  }
  const token = await issueDevelopmentToken(
    {
      role: values.role,
      org: values.org ?? null,
      member: values.member ?? null,
      scopes: values.scope ?? [],
      ...(values.sub ? { subject: values.sub } : {}),
      ...(values.ttl ? { ttlSeconds: Number(values.ttl) } : {}),
    },
    {
      secret: config.AUTH_TOKEN_SECRET ?? DEVELOPMENT_TOKEN_SECRET,
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
    },
  );
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
