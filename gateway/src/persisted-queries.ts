import type { OperationSafelist } from './safelist';

/** The key-value cache Apollo Server keeps automatic persisted queries in (its `persistedQueries.cache`). */
export interface PersistedQueryStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** Bytes of operation text held (registered operations only). */
  readonly bytes: number;
}

/**
 * Where APQ finds an operation by its hash: a safelist's operations (always there, never evicted),
 * then the operations clients registered, least recently used dropped past `maxBytes`. The bound is
 * what keeps a client registering endless distinct operations from growing the gateway's memory.
 * Apollo Server prefixes its keys (`apq:`); only the hash after the last colon is looked up in the
 * safelist.
 */
export function createPersistedQueryStore(options: {
  maxBytes: number;
  safelist?: OperationSafelist | null;
}): PersistedQueryStore {
  const registered = new Map<string, string>();
  let bytes = 0;
  const hashOf = (key: string) => key.slice(key.lastIndexOf(':') + 1);
  const remove = (key: string) => {
    const value = registered.get(key);
    if (value === undefined) return false;
    registered.delete(key);
    bytes -= value.length;
    return true;
  };
  return {
    get bytes() {
      return bytes;
    },
    async get(key) {
      const listed = options.safelist?.body(hashOf(key));
      if (listed !== undefined) return listed;
      const value = registered.get(key);
      if (value !== undefined) {
        // Re-inserted: the Map's front stays the least recently used.
        registered.delete(key);
        registered.set(key, value);
      }
      return value;
    },
    async set(key, value) {
      if (options.safelist?.body(hashOf(key)) !== undefined) return;
      if (value.length > options.maxBytes) return;
      remove(key);
      registered.set(key, value);
      bytes += value.length;
      while (bytes > options.maxBytes) remove(registered.keys().next().value!);
    },
    async delete(key) {
      return remove(key);
    },
  };
}
