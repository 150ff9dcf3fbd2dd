// Bounded concurrency and a progress line: a district's thousand accounts go to the server
// a few at a time (the server hashes each password; a flood would only queue), and the
// operator sees how far it is.

/** Runs `work` over `items`, at most `limit` at once; resolves when all have settled. */
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

/** Counts done items on stderr: rewritten in place on a terminal, a line per tenth in a log. */
export class Progress {
  private done = 0;
  private shownTenth = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}

  tick(): void {
    this.done++;
    if (this.tty) {
      process.stderr.write(`\r${this.label} ${this.done}/${this.total}`);
      if (this.done === this.total) process.stderr.write('\n');
      return;
    }
    const tenth = Math.floor((this.done * 10) / this.total);
    if (this.total >= 50 && tenth > this.shownTenth) {
      this.shownTenth = tenth;
      process.stderr.write(`${this.label} ${this.done}/${this.total}\n`);
    }
  }
}
