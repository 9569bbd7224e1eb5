/**
 * The compute suite's addition to the read-only policy (ssh -Q cipher, guide
 * 3.4.8), and the independent denylist's mirror of it: the one query passes
 * both, every other ssh use (a connection, a key, a config) fails both.
 */
import { describe, expect, it } from 'vitest';
import { prepare, refusalReason } from '../../src/transport/policy.js';
import { denylistViolation } from '../support/denylist.js';
import { asCommand } from '../support/read-only-holes.js';

const wire = (words: readonly string[]) => prepare(asCommand(words), { timeoutSec: 30 }).wire;
const raw = (words: readonly string[]) => `LC_ALL=C timeout -k 2 30 ${words.join(' ')} </dev/null`;

describe('ssh: only the local cipher query', () => {
  it('allows ssh -Q cipher (policy and denylist)', () => {
    expect(refusalReason(asCommand(['ssh', '-Q', 'cipher']))).toBeNull();
    expect(denylistViolation(wire(['ssh', '-Q', 'cipher']))).toBeNull();
  });

  it.each([
    ['ssh', 'cvknode12'],
    ['ssh', 'root@cvknode12', 'uptime'],
    ['ssh', '-Q', 'cipher', 'cvknode12'],
    ['ssh', '-Q', 'key'],
    ['ssh', '-Q'],
    ['ssh', '-o', 'Ciphers=aes128-ctr', 'cvknode12'],
    ['ssh', '-F', '/root/.ssh/config', '-Q', 'cipher'],
    ['ssh', '-G', 'cvknode12'],
    ['ssh', '-i', '/root/.ssh/id_rsa', 'cvknode12'],
    ['ssh', '-W', 'cvknode12:22', 'jump'],
    ['ssh'],
  ])('refuses %s, and the denylist flags it', (...words) => {
    expect(refusalReason(asCommand(words))).not.toBeNull();
    expect(denylistViolation(raw(words))).not.toBeNull();
  });

  it('refuses scp and ssh-keyscan outright', () => {
    expect(refusalReason(asCommand(['scp', '-o', 'Ciphers=aes128-ctr', 'a', 'b']))).not.toBeNull();
    expect(refusalReason(asCommand(['ssh-keyscan', 'cvknode12']))).not.toBeNull();
  });
});
