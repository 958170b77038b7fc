/** A container whose structure cannot be walked: its metadata cannot be removed by surgery. */
export class MalformedContainerError extends Error {
  constructor(format: string, detail: string) {
    super(`${format}: ${detail}`);
  }
}

/** The parts of a file to keep, in order; `changed` once anything is left out. */
export class KeptBytes {
  private readonly parts: Buffer[] = [];
  changed = false;

  constructor(private readonly source: Buffer) {}

  keep(start: number, end: number): void {
    this.parts.push(this.source.subarray(start, end));
  }

  add(bytes: Buffer): void {
    this.parts.push(bytes);
  }

  drop(): void {
    this.changed = true;
  }

  /** The kept bytes, or null when nothing was left out (the file stays as it is). */
  result(): Buffer | null {
    return this.changed ? Buffer.concat(this.parts) : null;
  }
}
