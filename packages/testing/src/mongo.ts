import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { withDatabase } from '@dangvien/config';

// One way to put a database into a URL: the services' own.
export { withDatabase };

/** Every database a test creates starts with this, so that cleaning up can never touch real data. */
export const TEST_DATABASE_PREFIX = 'dangvien_test_';

/** The server URL chosen by the integration project's global setup (or given in MONGO_URL). */
export function mongoUrl(): string {
  const url = process.env.MONGO_URL;
  if (!url) {
    throw new Error(
      'MONGO_URL is not set: run integration tests through jest (its global setup provides the servers) or set it',
    );
  }
  return url;
}

/**
 * A database name no other test file uses, so test files can run in parallel and in any order.
 * Only [a-z0-9_] and at most 63 characters: FerretDB is stricter than MongoDB about both. The creation
 * time is part of the name so that databases a crashed run left behind can be recognised as stale.
 */
export function uniqueDatabaseName(name: string): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 30) || 'db';
  return `${TEST_DATABASE_PREFIX}${slug}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** When `uniqueDatabaseName` made this name (ms since the epoch), or undefined for any other name. */
export function testDatabaseCreatedAt(name: string): number | undefined {
  const match = /^dangvien_test_(?:.*_)?([0-9a-z]+)_[0-9a-f]{8}$/.exec(name);
  return match?.[1] === undefined ? undefined : parseInt(match[1], 36);
}

/** MONGO_URL with a database of its own for one test file, e.g. `testMongoUrl('organisations')`. */
export function testMongoUrl(name: string): string {
  return testDatabase(name).url;
}

export interface TestDatabase {
  /** The database name, for a service's `MONGO_DB`. */
  name: string;
  /** MONGO_URL pointing at it. */
  url: string;
}

/** A database of its own for one test file, by name and URL. */
export function testDatabase(name: string): TestDatabase {
  const database = uniqueDatabaseName(name);
  return { name: database, url: withDatabase(mongoUrl(), database) };
}

/**
 * Drops the database a test created. Refuses any database whose name was not made by
 * `uniqueDatabaseName`: MONGO_URL may point at a developer's own server.
 */
export async function dropDatabase(url: string): Promise<void> {
  const connection = await mongoose.createConnection(url, { serverSelectionTimeoutMS: 5_000 }).asPromise();
  try {
    if (!connection.name.startsWith(TEST_DATABASE_PREFIX)) {
      throw new Error(
        `dropDatabase refuses "${connection.name}": only databases named ${TEST_DATABASE_PREFIX}* are dropped`,
      );
    }
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}
