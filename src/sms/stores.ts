/**
 * The part of a Map the SMS layer uses. A plain `Map` fits; so does an async store shared by
 * several bot instances (get may return a promise; set and delete results are ignored).
 */
export interface KeyValueStore<V> {
  get(key: string): V | undefined | Promise<V | undefined>;
  set(key: string, value: V): unknown;
  delete(key: string): unknown;
}

/** An in-memory store that forgets its oldest entries beyond `limit`, so memory stays bounded. */
export const boundedMap = <V>(limit: number): KeyValueStore<V> => {
  const entries = new Map<string, V>();
  return {
    get: (key) => entries.get(key),
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      for (const oldest of entries.keys()) {
        if (entries.size <= limit) break;
        entries.delete(oldest);
      }
    },
    delete: (key) => entries.delete(key),
  };
};
