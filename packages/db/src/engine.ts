import type { mongo } from 'mongoose';

/**
 * The server behind MONGO_URL. Production runs MongoDB; the local engine is FerretDB v1, which speaks
 * the same protocol but differs in what it can do quickly (docs/DEVELOPMENT.md, "Query shapes"):
 * - `$in`, ranges, `$or`, dotted paths and sorts are never pushed down to its storage: each scans;
 * - on PostgreSQL storage (with infra/local's mirrored indexes) a top-level equality on an indexed
 *   field is index-served; on SQLite only `{ _id }` alone is evaluated by the storage, still a scan;
 * - no TTL indexes, no transactions, and concurrent updates of one document can lose a write.
 */
export type Engine = 'mongodb' | 'ferretdb';

/** Where the data lives: MongoDB's own storage, or FerretDB's PostgreSQL or SQLite storage. */
export type Storage = 'mongodb' | 'postgresql' | 'sqlite';

export interface ServerInfo {
  engine: Engine;
  storage: Storage;
  /** For logs and benchmark headers, e.g. "FerretDB 1.24.2 on PostgreSQL 15.18", "MongoDB 8.0.4". */
  description: string;
  /**
   * The fixes infra/local's FerretDB build carries (its buildInfo's `buildEnvironment.dangvienPatches`),
   * empty for MongoDB and a stock FerretDB. `in-pushdown`: a top-level `$in` of plain values is
   * served by the indexes on PostgreSQL storage, as one equality is.
   */
  patches: readonly string[];
}

/** Reads the engine from `buildInfo`: FerretDB adds `ferretdbVersion` to MongoDB's answer. */
export async function detectEngine(db: mongo.Db): Promise<Engine> {
  return (await detectServer(db)).engine;
}

/**
 * The engine and, for FerretDB, its storage. FerretDB names its storage only in the startup
 * warnings (`Powered by FerretDB v1.24.2 and PostgreSQL 15.18.`), and only once it has reached it,
 * so a `ping` (which FerretDB answers by asking its storage) comes first. A FerretDB that still names
 * none is taken for SQLite, the storage that reaches nothing before a database exists.
 */
export async function detectServer(db: mongo.Db): Promise<ServerInfo> {
  const admin = db.admin();
  const info = await admin.command({ buildInfo: 1 });
  if (!('ferretdbVersion' in info)) {
    return {
      engine: 'mongodb',
      storage: 'mongodb',
      description: `MongoDB ${String(info.version)}`,
      patches: [],
    };
  }
  await admin.command({ ping: 1 });
  const { log } = (await admin.command({ getLog: 'startupWarnings' })) as { log?: unknown };
  const lines = Array.isArray(log) ? log.map(String) : [];
  const powered = lines.map((line) =>
    /Powered by FerretDB ([^ ]+) and (\w+) ([^ ".]+(?:\.[0-9]+)*)/.exec(line),
  );
  const match = powered.find((found) => found !== null);
  const storage: Storage = match?.[2]?.toLowerCase() === 'postgresql' ? 'postgresql' : 'sqlite';
  const version = String(info.ferretdbVersion).replace(/^v/, '');
  const environment = info.buildEnvironment as { dangvienPatches?: unknown } | undefined;
  const patches = String(environment?.dangvienPatches ?? '')
    .split(',')
    .filter((patch) => patch !== '');
  const patched = patches.length > 0 ? ` (patched: ${patches.join(', ')})` : '';
  return {
    engine: 'ferretdb',
    storage,
    description: `FerretDB ${version} on ${match ? `${match[2]} ${match[3]}` : 'SQLite'}${patched}`,
    patches,
  };
}
