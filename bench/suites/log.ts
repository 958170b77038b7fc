/** A line of the bench's progress log (run.ts stamps it with the elapsed time). */
export type Log = (message: string) => void;
