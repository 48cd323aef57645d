import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { withDatabase } from '@dangvien/config';
import { createBatchedReads } from './batched';
import type { BatchedReads } from './batched';
import { detectServer } from './engine';
import type { Engine, ServerInfo } from './engine';

export interface Database {
  /** The service's mongoose connection (models are registered on it). */
  readonly connection: Connection;
  /** Known once `connect()` resolved. */
  readonly engine: Engine;
  /** The engine, its storage and a description for logs; known once `connect()` resolved. */
  readonly server: ServerInfo;
  /** Batched reads for the engine; usable once `connect()` resolved. */
  readonly reads: BatchedReads;
  connect(): Promise<void>;
  /** Creates the indexes every model on the connection declares (autoIndex is off). */
  createIndexes(): Promise<void>;
  /** True when the server answers a ping now. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  url: string;
  name: string;
  /** How long an operation waits for a reachable server before it fails. */
  serverSelectionTimeoutMs?: number;
}

/**
 * One service's database: its own database name in MONGO_URL, indexes created explicitly at start
 * (never implicitly by a model), and the engine detected once so that the batched reads and the
 * write serialisation fit it.
 */
export function createDatabase(config: DatabaseConfig): Database {
  const connection = mongoose.createConnection(withDatabase(config.url, config.name), {
    serverSelectionTimeoutMS: config.serverSelectionTimeoutMs ?? 10_000,
    autoIndex: false,
    autoCreate: false,
  });
  let server: ServerInfo | null = null;
  let reads: BatchedReads | null = null;

  function known<T>(value: T | null, what: string): T {
    if (value === null) throw new Error(`database: ${what} is known once connect() resolved`);
    return value;
  }

  return {
    connection,
    get engine() {
      return known(server, 'the engine').engine;
    },
    get server() {
      return known(server, 'the server');
    },
    get reads() {
      return known(reads, 'the batched reader');
    },
    async connect() {
      await connection.asPromise();
      server = await detectServer(connection.db!);
      reads = createBatchedReads(server);
    },
    async createIndexes() {
      await Promise.all(Object.values(connection.models).map((model) => model.createIndexes()));
    },
    async ping(timeoutMs = 2_000) {
      if (connection.readyState !== 1 || !connection.db) return false;
      try {
        await Promise.race([
          connection.db.admin().ping(),
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error('ping timed out')), timeoutMs).unref(),
          ),
        ]);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await connection.close();
    },
  };
}
