import { isDevelopmentKey } from '@dangvien/auth';
import { env, parseEnvironment, z } from '@dangvien/config';
import { overrideVariable, SUBGRAPHS, timeoutVariable } from './subgraphs';

const url = z.url({ protocol: /^https?$/ });
const timeout = z.coerce.number().int().min(100);

function privateJwk(value: string): boolean {
  try {
    const jwk = JSON.parse(value) as Record<string, unknown>;
    return (
      jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.kid === 'string' && typeof jwk.d === 'string'
    );
  } catch {
    return false;
  }
}

/** The only reader of `process.env` in the gateway. */
const schema = z
  .object({
    NODE_ENV: env.nodeEnv(),
    LOG_LEVEL: env.logLevel(),
    HOST: z.string().default('127.0.0.1'),
    PORT: env.port(4000),
    /** Committed supergraph; defaults to the one next to this package. */
    SUPERGRAPH_PATH: z.string().optional(),
    /** Largest accepted request body, in bytes. */
    MAX_BODY_BYTES: z.coerce.number().int().min(1_000).default(1_000_000),
    /** Operation limits, checked while validating, before any subgraph is asked. */
    MAX_DEPTH: z.coerce.number().int().min(1).default(15),
    MAX_ALIASES: z.coerce.number().int().min(0).default(30),
    MAX_ROOT_FIELDS: z.coerce.number().int().min(1).default(20),
    /** The cost of one operation at most: every field, times the list sizes above it (cost.ts). */
    MAX_COST: z.coerce.number().int().min(1).default(50_000),
    /** How long one subgraph fetch may take before its part of the answer is an error. */
    SUBGRAPH_TIMEOUT_MS: timeout.default(10_000),
    /** Keep-alive connections the gateway may open to each subgraph. */
    SUBGRAPH_CONNECTIONS: z.coerce.number().int().min(1).default(64),
    /** Requests a minute per caller (token subject, or remote address when anonymous); 0: no limit. */
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(60_000),
    /** Requests a caller may send at once after being idle (the token bucket's size). */
    RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(2_000),
    /** Automatic persisted queries (APQ): the size of the registered operations' cache, MiB. */
    PERSISTED_QUERIES_CACHE_MIB: z.coerce.number().int().min(1).default(8),
    /** Safelist mode: an Apollo persisted-query manifest; only its operations are accepted. */
    OPERATION_SAFELIST: z.string().min(1).optional(),
    /** How long one request may take in all; past it, what has arrived is answered with an error. */
    REQUEST_TIMEOUT_MS: timeout.default(30_000),
    /** Approximate size of the query-plan cache (plans by operation), MiB. */
    QUERY_PLAN_CACHE_MIB: z.coerce.number().int().min(1).default(4),
    /** Client tokens: the keys (a JWKS file or URL; a shared HS256 secret outside production only). */
    AUTH_JWKS_FILE: z.string().min(1).optional(),
    AUTH_JWKS_URL: url.optional(),
    AUTH_TOKEN_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    AUTH_ISSUER: z.string().min(1).default('dangvien'),
    AUTH_AUDIENCE: z.string().min(1).default('dangvien-api'),
    /** The Ed25519 private JWK (JSON, with a kid) the gateway signs identities for subgraphs with. */
    IDENTITY_SIGNING_KEY: z
      .string()
      .refine(privateJwk, 'an Ed25519 private JWK in JSON, with kid and d')
      .optional(),
    IDENTITY_TOKEN_TTL_SECONDS: z.coerce.number().int().min(5).max(3_600).default(60),
    ...Object.fromEntries(SUBGRAPHS.map((s) => [overrideVariable(s.name), url.optional()])),
    ...Object.fromEntries(SUBGRAPHS.map((s) => [timeoutVariable(s.name), timeout.optional()])),
  })
  .superRefine((value, context) => {
    const keySources = [value.AUTH_JWKS_FILE, value.AUTH_JWKS_URL, value.AUTH_TOKEN_SECRET].filter(Boolean);
    if (keySources.length > 1) {
      context.addIssue({
        code: 'custom',
        path: ['AUTH_JWKS_FILE'],
        message: 'set one of AUTH_JWKS_FILE, AUTH_JWKS_URL, AUTH_TOKEN_SECRET',
      });
    }
    if (value.NODE_ENV !== 'production') return;
    // Production never runs on the committed development keys, nor on a shared secret.
    if (!value.AUTH_JWKS_FILE && !value.AUTH_JWKS_URL) {
      context.addIssue({
        code: 'custom',
        path: ['AUTH_JWKS_FILE'],
        message: 'production needs AUTH_JWKS_FILE or AUTH_JWKS_URL',
      });
    }
    if (value.AUTH_TOKEN_SECRET) {
      context.addIssue({
        code: 'custom',
        path: ['AUTH_TOKEN_SECRET'],
        message: 'a shared secret is for development only',
      });
    }
    if (!value.IDENTITY_SIGNING_KEY || isDevelopmentKey(JSON.parse(value.IDENTITY_SIGNING_KEY))) {
      context.addIssue({
        code: 'custom',
        path: ['IDENTITY_SIGNING_KEY'],
        message: 'production needs a signing key of its own',
      });
    }
  });

export type Environment = z.infer<typeof schema> & {
  /** The SUBGRAPH_<NAME>_URL overrides that are set; the others route to the supergraph's URLs. */
  subgraphUrls: Record<string, string>;
  /** The SUBGRAPH_<NAME>_TIMEOUT_MS overrides that are set; the others use SUBGRAPH_TIMEOUT_MS. */
  subgraphTimeouts: Record<string, number>;
};

export function readEnvironment(source: Record<string, string | undefined> = process.env): Environment {
  const parsed = parseEnvironment(schema, source) as z.infer<typeof schema>;
  const subgraphUrls = Object.fromEntries(
    SUBGRAPHS.flatMap((s) => {
      const override = (parsed as Record<string, unknown>)[overrideVariable(s.name)] as string | undefined;
      return override ? [[s.name, override]] : [];
    }),
  );
  const subgraphTimeouts = Object.fromEntries(
    SUBGRAPHS.flatMap((s) => {
      const override = (parsed as Record<string, unknown>)[timeoutVariable(s.name)] as number | undefined;
      return override ? [[s.name, override]] : [];
    }),
  );
  return { ...parsed, subgraphUrls, subgraphTimeouts };
}
