/**
 * Per-key serialization and bounded concurrency, the two scheduling rules of the module.
 *
 * The Automation API is not safe for concurrent create-or-select and config writes on one stack
 * (each operation rewrites `Pulumi.<stack>.yaml` and takes the backend lock), so operations on one
 * stack run strictly one after another in call order; operations on different stacks run side by side.
 */

/** Runs tasks one at a time per key, in the order they were queued; different keys run concurrently. */
export class KeyedQueue {
    private readonly tails = new Map<string, Promise<unknown>>();

    /**
     * Queues `task` behind every task queued earlier for `key` and returns its result. A failed task
     * does not stop the ones queued after it.
     */
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
        const previous = this.tails.get(key) ?? Promise.resolve();
        const result = previous.then(task, task);
        // The tail never rejects, so the next task starts whatever this one did.
        const tail = result.then(
            () => undefined,
            () => undefined,
        );
        this.tails.set(key, tail);
        // Forget idle keys so a long-running service does not accumulate one entry per stack ever used.
        void tail.then(() => {
            if (this.tails.get(key) === tail) this.tails.delete(key);
        });
        return result;
    }

    /** Keys with a task running or waiting. */
    get busyKeys(): string[] {
        return [...this.tails.keys()];
    }
}

/** The queue every {@link StackAutomation} uses unless given another: one per process. */
export const processQueue = new KeyedQueue();

/** The outcome of one item of {@link mapConcurrent}: its value or its error, never both. */
export type Settled<T> =
    | {
          /** The call resolved. */
          readonly ok: true;
          /** What it resolved to. */
          readonly value: T;
      }
    | {
          /** The call rejected. */
          readonly ok: false;
          /** What it rejected with. */
          readonly error: unknown;
      };

/**
 * Calls `fn` on every item with at most `limit` calls in flight, starting them in item order, and
 * returns every outcome in item order. One failure does not stop the others.
 */
export async function mapConcurrent<I, T>(items: readonly I[], limit: number, fn: (item: I, index: number) => Promise<T>): Promise<Settled<T>[]> {
    if (!Number.isInteger(limit) || limit < 1) {
        throw new RangeError(`limit: ${limit} is not a whole number of at least 1`);
    }
    const results: Settled<T>[] = new Array(items.length);
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < items.length) {
            const index = next++;
            try {
                results[index] = { ok: true, value: await fn(items[index], index) };
            } catch (error) {
                results[index] = { ok: false, error };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
