import { env, parseEnvironment, z } from '@dangvien/config';
import { overrideVariable, SUBGRAPHS } from './subgraphs';

const url = z.url({ protocol: /^https?$/ });

/** The only reader of `process.env` in the gateway. */
const schema = z.object({
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  HOST: z.string().default('127.0.0.1'),
  PORT: env.port(4000),
  /** Committed supergraph; defaults to the one next to this package. */
  SUPERGRAPH_PATH: z.string().optional(),
  /** Largest accepted request body, in bytes. */
  MAX_BODY_BYTES: z.coerce.number().int().min(1_000).default(1_000_000),
  ...Object.fromEntries(SUBGRAPHS.map((s) => [overrideVariable(s.name), url.optional()])),
});

export type Environment = z.infer<typeof schema> & {
  /** The SUBGRAPH_<NAME>_URL overrides that are set; the others route to the supergraph's URLs. */
  subgraphUrls: Record<string, string>;
};

export function readEnvironment(source: Record<string, string | undefined> = process.env): Environment {
  const parsed = parseEnvironment(schema, source) as z.infer<typeof schema>;
  const subgraphUrls = Object.fromEntries(
    SUBGRAPHS.flatMap((s) => {
      const override = (parsed as Record<string, unknown>)[overrideVariable(s.name)] as string | undefined;
      return override ? [[s.name, override]] : [];
    }),
  );
  return { ...parsed, subgraphUrls };
}
