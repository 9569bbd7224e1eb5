/**
 * The host key decision for one connection, and the errors that explain it.
 * An unknown key is refused unless accept-new is on; a changed key, a key
 * of a type never seen for a known host, and a revoked key are always refused.
 */
import { text } from '../../i18n/text.js';
import { TransportError } from '../types.js';
import {
  type KnownHostEntry, appendKnownHost, checkHostKey, fingerprint, keyBlobType, knownHostsName, loadKnownHosts,
  preferredHostKeyAlgorithms,
} from './known-hosts.js';

export interface HostKeyPolicy {
  readonly host: string;
  readonly port: number;
  readonly hostKeyAlias?: string | undefined;
  readonly knownHostsFiles: readonly string[];
  readonly hashKnownHosts?: boolean | undefined;
  readonly acceptNew: boolean;
}

export class HostKeyCheck {
  /** Set when the offered key was refused; the connect error reports it instead of ssh2's own. */
  refusal: TransportError | undefined;
  /** The known_hosts line written by accept-new, if any. */
  accepted: string | undefined;
  private readonly name: string;
  private readonly entries: readonly KnownHostEntry[];

  constructor(private readonly policy: HostKeyPolicy) {
    this.name = knownHostsName(policy.host, policy.port, policy.hostKeyAlias);
    this.entries = loadKnownHosts(policy.knownHostsFiles).entries;
  }

  /** Host key algorithms to offer, those already known for the host first. */
  algorithms(): string[] {
    return preferredHostKeyAlgorithms(this.entries, this.name);
  }

  /** ssh2 hostVerifier: true to go on with the handshake. */
  verify(key: Buffer): boolean {
    const verdict = checkHostKey(this.entries, this.name, key);
    const offered = `${keyBlobType(key) ?? 'unknown-type'} ${fingerprint(key)}`;
    const where = this.name;
    switch (verdict.status) {
      case 'known':
        return true;
      case 'revoked':
        this.refusal = new TransportError(
          'host-key-revoked',
          `host key of ${where} is REVOKED (${offered}, @revoked at ${loc(verdict.entry)}); refusing to connect`,
          text('The host presented a key marked @revoked in known_hosts.', '主机出示的密钥在 known_hosts 中被标记为 @revoked（已吊销）。'),
        );
        return false;
      case 'changed': {
        const expected = verdict.expected.map((e) => `${fingerprint(e.key)} (${loc(e)})`).join(', ');
        this.refusal = new TransportError(
          'host-key-changed',
          `host key of ${where} has CHANGED: the server offered ${offered}, known_hosts has ${expected}. ` +
            'Someone may be intercepting the connection, or the host was reinstalled. If the change is expected, ' +
            `remove the old line (ssh-keygen -R '${this.name}' -f ${verdict.expected[0]!.file}) and connect again.`,
          text(
            'The host key differs from the one recorded in known_hosts: possible interception, or the host was reinstalled.',
            '主机密钥与 known_hosts 中记录的不一致：可能存在中间人攻击，或主机已重装。',
          ),
        );
        return false;
      }
      case 'other-types': {
        const known = verdict.known.map((e) => `${e.keyType} ${fingerprint(e.key)} (${loc(e)})`).join(', ');
        this.refusal = new TransportError(
          'host-key-changed',
          `host ${where} is known only with other key types (${known}) but offered ${offered}; ` +
            'refusing it even with accept-new. Check the new key and add it to known_hosts if it is genuine.',
          text(
            'The host is known with keys of other types only; the offered key type was never recorded.',
            '该主机在 known_hosts 中只记录了其他类型的密钥，本次出示的密钥类型从未记录。',
          ),
        );
        return false;
      }
      case 'unknown':
        return this.unknown(key, offered);
    }
  }

  private unknown(key: Buffer, offered: string): boolean {
    const file = this.policy.knownHostsFiles[0];
    if (this.policy.acceptNew && file) {
      try {
        this.accepted = appendKnownHost(file, this.name, key, this.policy.hashKnownHosts === true);
        return true;
      } catch (e) {
        this.refusal = new TransportError('config', `cannot record the host key of ${this.name} in ${file}: ${(e as Error).message}`);
        return false;
      }
    }
    this.refusal = new TransportError(
      'host-key-unknown',
      `host key of ${this.name} is not known (${offered}; looked in ${this.policy.knownHostsFiles.join(', ') || 'no known_hosts file'}). ` +
        'Check the fingerprint with the host owner, then rerun with --accept-new or add the key to known_hosts.',
      text(
        'The host key is not in known_hosts. Verify the fingerprint, then use --accept-new.',
        '主机密钥不在 known_hosts 中。请先核对指纹，再使用 --accept-new。',
      ),
    );
    return false;
  }
}

function loc(e: KnownHostEntry): string {
  return `${e.file}:${e.line}`;
}
