/**
 * One time limit for asynchronous work, shared by the regional health handler (its probes and the drill
 * flag) and the Lambda@Edge function (its JWKS refetch). Dependency-free on purpose: the edge bundle
 * includes it, and must stay small.
 */

/**
 * Runs `work` under a time limit: races it against a timer that, when it fires, rejects with
 * `timeoutError()` and then aborts the signal given to `work`. The timer is always cleared, so finished
 * work leaves nothing pending. Work that ignores the signal is still cut off (its result is dropped).
 * @example
 * await withTimeout((signal) => fetch(url, { signal }), 1000, () => new Error("no answer within 1000 ms"));
 */
export async function withTimeout<T>(work: (signal: AbortSignal) => Promise<T>, timeoutMs: number, timeoutError: () => Error): Promise<T> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
            // Reject before aborting: work that rejects on abort must not win the race with its own error.
            reject(timeoutError());
            controller.abort();
        }, timeoutMs);
    });
    try {
        // Promise.race subscribes to both, so the loser settling later is never an unhandled rejection.
        return await Promise.race([work(controller.signal), timeout]);
    } finally {
        clearTimeout(timer);
    }
}
