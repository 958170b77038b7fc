// Bounded closes live beside the Redis connections they close; re-exported for the queues' users.
export { closeWithin, settlesWithin } from '@app/redis';
export type { Closable } from '@app/redis';
