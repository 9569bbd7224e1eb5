/**
 * Key pairs for simulated hosts and their clients. ssh2 1.17's generator
 * drops a leading zero byte of the ed25519 key now and then (about 1 key in
 * 250), producing a private key that ssh2 itself then rejects as malformed;
 * such pairs are thrown away and generated again.
 */
import ssh2 from 'ssh2';

export interface KeyPair {
  /** OpenSSH private key file text. */
  readonly private: string;
  /** `ssh-ed25519 AAAA...` */
  readonly public: string;
}

const MAX_ATTEMPTS = 20;

export function generateKeyPair(type: 'ed25519' | 'ecdsa' = 'ed25519', options: { comment?: string; passphrase?: string } = {}): KeyPair {
  const opts = {
    ...(type === 'ecdsa' ? { bits: 256 } : {}),
    ...(options.comment ? { comment: options.comment } : {}),
    ...(options.passphrase ? { passphrase: options.passphrase, cipher: 'aes256-ctr', rounds: 4 } : {}),
  };
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const k = ssh2.utils.generateKeyPairSync(type, opts);
    if (isWellFormed(k.private, k.public, options.passphrase)) return { private: k.private, public: k.public.trim() };
  }
  throw new Error(`could not generate a well-formed ${type} key in ${MAX_ATTEMPTS} attempts`);
}

function isWellFormed(priv: string, pub: string, passphrase?: string): boolean {
  const parsedPriv = ssh2.utils.parseKey(priv, passphrase);
  const parsedPub = ssh2.utils.parseKey(pub);
  if (parsedPriv instanceof Error || parsedPub instanceof Error) return false;
  const a = Array.isArray(parsedPriv) ? parsedPriv[0] : parsedPriv;
  const b = Array.isArray(parsedPub) ? parsedPub[0] : parsedPub;
  return !!a && !!b && a.getPublicSSH().equals(b.getPublicSSH());
}
