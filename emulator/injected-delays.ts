/**
 * The latency faults in progress on an emulator: each a timer that `close()` releases at once,
 * so closing never waits out an injected delay.
 */
export class InjectedDelays {
  private readonly pending = new Set<() => void>();

  /** Resolves after `ms`, or as soon as {@link releaseAll} runs. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.pending.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      this.pending.add(release);
    });
  }

  releaseAll(): void {
    for (const release of this.pending) release();
  }
}
