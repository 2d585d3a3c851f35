/**
 * SQLite with several processes (the CLI beside the server, or several nodes on one file): a
 * transaction that read first and then writes cannot wait for another writer, and SQLite answers
 * "database is locked" at once instead of deadlocking. Such a write is simply tried again.
 */
export const isBusy = (error: unknown): boolean =>
  /database is locked|SQLITE_BUSY/i.test(String((error as Error)?.message ?? error));

export async function retryBusy<T>(write: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!isBusy(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
    }
  }
}
