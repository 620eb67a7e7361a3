// Coalescing of concurrent reads (the DataLoader pattern): calls made in one turn of the event loop share one query.

/**
 * Returns a function that queues its argument and, once the current turn of the event loop has handled all the I/O
 * that was ready (setImmediate), runs `run` once for everything queued. `run` returns one result per key, in order.
 * Under load, requests that arrived together cost one round trip instead of one each.
 */
export function coalesce<K, R>(run: (keys: K[]) => Promise<R[]>): (key: K) => Promise<R> {
  let queue: { key: K; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    run(batch.map((b) => b.key)).then(
      (results) => batch.forEach((b, i) => b.resolve(results[i]!)),
      (e: unknown) => batch.forEach((b) => b.reject(e)),
    );
  };
  return (key) =>
    new Promise<R>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ key, resolve, reject });
    });
}
