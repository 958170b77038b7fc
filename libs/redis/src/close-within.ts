/** Something that closes politely and can be cut off: a BullMQ Queue, Worker or QueueEvents. */
export interface Closable {
  close(): Promise<void>;
  disconnect(): Promise<void> | void;
}

/**
 * Closes `closable`, but no longer than `ms`. A close while Redis is reconnecting never ends: BullMQ
 * sends QUIT, which ioredis queues behind the commands already waiting for the connection, and
 * ioredis's disconnect() during a reconnect wait never flushes that queue (nor emits 'end', which
 * BullMQ's disconnect waits for). Past the bound the connection is cut (bounded as well) and the close
 * is left behind. Resolves true when it closed politely.
 */
export async function closeWithin(closable: Closable, ms: number): Promise<boolean> {
  const closing = closable.close().then(
    () => true,
    () => true,
  );
  if (await settlesWithin(closing, ms)) return true;
  await settlesWithin(Promise.resolve().then(() => closable.disconnect()), 500);
  return settlesWithin(closing, 500);
}

/** Whether `promise` settles within `ms`. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = promise.then(
    () => true,
    () => true,
  );
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}
