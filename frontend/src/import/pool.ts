/** Runs `work` over `items`, at most `limit` at once; resolves when all have settled. A
 * district's thousand accounts go to the server a few at a time: the server hashes each
 * password, and a flood would only queue. */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
