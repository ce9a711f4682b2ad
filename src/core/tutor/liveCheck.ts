/**
 * The language check of an answer while it streams: on its complete lines only (a half-streamed
 * word would look mixed), at most once per interval (the check is cheap, the messages to the page
 * are not free), and never twice on the same text. The final check of the whole answer replaces it.
 */
export class LiveCheck {
  private text = '';
  private checkedUpTo = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly check: (completeLines: string) => void,
  ) {}

  add(delta: string): void {
    this.text += delta;
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  private flush(): void {
    this.timer = undefined;
    const end = this.text.lastIndexOf('\n') + 1;
    if (end <= this.checkedUpTo) return;
    this.checkedUpTo = end;
    this.check(this.text.slice(0, end));
  }

  /** The answer ended (or stopped): no check after this. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
