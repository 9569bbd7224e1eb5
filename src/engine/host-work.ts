/**
 * A host's turn and its work slot. A scan bounds two things separately:
 * hosts in their turn at once (each holds one connection: --max-connections)
 * and hosts *working* at once (running commands and parsing: --concurrency).
 * A host whose every unfinished check is waiting (the seconds between two
 * samples, a df probe running out its limit, another check's finding) gives
 * its work slot back, so hundreds of hosts can wait at once while only a few
 * work; it takes a slot again, ahead of hosts that have not started, before
 * any of its checks does more than wait.
 */
import { type Release, Semaphore } from '../transport/semaphore.js';

/** The limits of one scan, shared by every host. */
export class ScanSlots {
  readonly turns: Semaphore;
  readonly work: Semaphore;
  /** Most hosts working at once so far, and most in their turn at once (tests, the benchmark). */
  peakWorking = 0;
  peakTurns = 0;

  constructor(concurrency: number, maxConnections: number) {
    this.work = new Semaphore(Math.max(1, concurrency));
    this.turns = new Semaphore(Math.max(1, maxConnections));
  }

  noteUse(): void {
    this.peakWorking = Math.max(this.peakWorking, this.work.inUse);
    this.peakTurns = Math.max(this.peakTurns, this.turns.inUse);
  }
}

export class HostWork {
  private release: Release | undefined;
  private acquiring: Promise<void> | undefined;
  private running = 0;
  private waiting = 0;

  constructor(private readonly slots: ScanSlots, private readonly signal: AbortSignal) {}

  /** The host's turn begins with its work slot (taken by the scheduler). */
  hold(release: Release): void {
    this.release = release;
    this.slots.noteUse();
  }

  get holding(): boolean {
    return this.release !== undefined;
  }

  /** Takes the work slot again if the host gave it up; without a slot once the host is stopped. */
  ensure(): Promise<void> {
    if (this.release || this.signal.aborted) return Promise.resolve();
    this.acquiring ??= this.slots.work.acquireOrStop(this.signal, true).then((r) => {
      this.acquiring = undefined;
      if (!r) return;
      if (this.release) return r();
      this.release = r;
      this.slots.noteUse();
    });
    return this.acquiring;
  }

  /** The turn is over (every check finished): the slot goes to the next host. */
  done(): void {
    this.drop();
  }

  /** One check of this host, from its start to its verdict. */
  check(): CheckWork {
    this.running++;
    let waits = 0;
    let busy = 0;
    let wasWaiting = false;
    const update = () => {
      const isWaiting = waits > 0 && busy === 0;
      if (isWaiting !== wasWaiting) this.waiting += isWaiting ? 1 : -1;
      wasWaiting = isWaiting;
      this.settle();
    };
    return {
      wait: async <T>(p: Promise<T>): Promise<T> => {
        waits++;
        update();
        try {
          return await p;
        } finally {
          waits--;
          update();
          await this.ensure();
        }
      },
      work: async <T>(fn: () => Promise<T>): Promise<T> => {
        await this.ensure();
        busy++;
        update();
        try {
          return await fn();
        } finally {
          busy--;
          update();
        }
      },
      end: () => {
        waits = 0;
        busy = 0;
        update();
        this.running--;
        this.settle();
      },
    };
  }

  /** Every running check waits: nothing of this host needs the slot now. */
  private settle(): void {
    if (this.running > 0 && this.waiting === this.running) this.drop();
  }

  private drop(): void {
    const r = this.release;
    this.release = undefined;
    r?.();
  }
}

/** What one check's context goes through: waits give the host's slot back, work takes it first. */
export interface CheckWork {
  wait<T>(p: Promise<T>): Promise<T>;
  work<T>(fn: () => Promise<T>): Promise<T>;
  end(): void;
}
