/**
 * One live SSH connection to a host (and its jump connection): the channel
 * limit, and the news that it was lost, which every command in flight on it
 * hears at once.
 */
import type { Client } from 'ssh2';
import { Semaphore } from '../semaphore.js';
import type { OpenedConnection } from './connect.js';

/** Time to let a polite disconnect finish before the sockets are torn down. */
const END_GRACE_MS = 1000;

export class SshConnection {
  readonly client: Client;
  readonly label: string;
  /**
   * Exec channels open at once. sshd refuses sessions beyond its MaxSessions
   * (10 by default, often lower on hardened hosts): the limit starts at the
   * configured value and comes down when the server refuses.
   */
  readonly slots: Semaphore;
  private readonly jump: Client | undefined;
  private lost: string | undefined;
  private lastError: string | undefined;
  private readonly listeners = new Set<(message: string) => void>();
  private readonly closed: Promise<void>;

  constructor(opened: OpenedConnection, maxChannels: number) {
    this.client = opened.client;
    this.jump = opened.jump;
    this.label = opened.label;
    this.slots = new Semaphore(maxChannels);
    const onError = (err: Error) => {
      this.lastError = err.message;
    };
    this.client.on('error', onError);
    this.jump?.on('error', onError);
    this.closed = new Promise((resolve) => this.client.once('close', () => resolve()));
    this.client.on('close', () => this.markLost(`connection to ${this.label} lost${this.lastError ? ` (${this.lastError})` : ''}`));
    this.jump?.on('close', () => this.markLost(`connection to the jump host for ${this.label} lost`));
  }

  /** Why the connection is gone, or undefined while it is up. */
  get lostReason(): string | undefined {
    return this.lost;
  }

  /** Calls `fn` once when the connection goes away; returns the unsubscribe function. */
  onLost(fn: (message: string) => void): () => void {
    if (this.lost !== undefined) {
      fn(this.lost);
      return () => {};
    }
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async end(): Promise<void> {
    this.markLost(`connection to ${this.label} closed by usdiag`);
    this.client.end();
    this.jump?.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.closed, new Promise((r) => (timer = setTimeout(r, END_GRACE_MS)))]);
    clearTimeout(timer);
    this.client.destroy();
    this.jump?.destroy();
  }

  private markLost(message: string): void {
    if (this.lost !== undefined) return;
    this.lost = message;
    for (const fn of [...this.listeners]) fn(message);
    this.listeners.clear();
  }
}
