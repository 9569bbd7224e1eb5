/**
 * A counting semaphore whose waits end with the caller's signal: how many
 * exec channels one connection runs at once, how many image checks one host
 * runs at once.
 */
import { StoppedError, type StopReason } from './run-control.js';

export type Release = () => void;

interface Waiter {
  grant(release: Release): void;
}

export class Semaphore {
  private active = 0;
  private readonly waiters: Waiter[] = [];

  constructor(private max: number) {
    if (!(max >= 1)) throw new RangeError(`limit must be at least 1 (got ${max})`);
  }

  get limit(): number {
    return this.max;
  }

  get inUse(): number {
    return this.active;
  }

  /** Callers waiting for a slot. */
  get queued(): number {
    return this.waiters.length;
  }

  /**
   * Waits for a free slot; rejects with StoppedError when the signal fires first.
   * `first`: ahead of the callers already waiting (one that held a slot before and gave it up for a while).
   */
  acquire(signal: AbortSignal, first = false): Promise<Release> {
    if (signal.aborted) return Promise.reject(new StoppedError(signal.reason as StopReason));
    if (this.active < this.max) return Promise.resolve(this.take());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: (release) => {
          signal.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new StoppedError(signal.reason as StopReason));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      if (first) this.waiters.unshift(waiter);
      else this.waiters.push(waiter);
    });
  }

  /** Lowers the limit (never below 1); slots already taken stay taken. */
  lowerTo(max: number): void {
    this.max = Math.max(1, Math.min(this.max, max));
  }

  /** Like acquire, but resolves undefined instead of rejecting when the signal fires first. */
  async acquireOrStop(signal: AbortSignal, first = false): Promise<Release | undefined> {
    try {
      return await this.acquire(signal, first);
    } catch (e) {
      if (e instanceof StoppedError) return undefined;
      throw e;
    }
  }

  private take(): Release {
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.pump();
    };
  }

  private pump(): void {
    while (this.active < this.max && this.waiters.length) this.waiters.shift()!.grant(this.take());
  }
}
