/**
 * explainText / explainStream as a whole: chunking, line endings, long lines,
 * garbage, empty input, bounded memory of matches, windows, negatives, ranking.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { entryScore } from '../../src/explain/rank.js';
import { explainStream, explainText, MAX_SEGMENT } from '../../src/explain/stream.js';
import { allSignatures } from '../../src/kb/signatures/index.js';

const GUIDE_CAS_LOG = [
  '2022-08-10 17:14:00 [ERROR] [Domain Request Processor Manager 10] [com.virtual.plat.server.vm.ssh.ScpUtil::copyStorage]',
  '=====SCP : scp -o Ciphers=arcfour128,aes128-ctr,aes192-ctr,aes256-ctr root@8.8.8.8:/vms/MacroSAN-',
  '37T/test_inc_1" /vms/ONESTor-CAS-32T-1/test_inc_1"',
  '2022-08-10 17:14:00 [ERROR] [Domain Request Processor Manager 10]',
  '[com.virtual.plat.server.vm.ssh.SecureShellManagerImpl::execCmd] Execute command Error Msg:command-line line 0: Bad SSH2',
  "cipher spec 'arcfour128,aes128-ctr,aes192-ctr,aes256-ctr'.",
  '中文日志：存储池没有可用的 slot，请检查。',
].join('\n');

/** Feeds the text as bytes in pieces of `size`, cutting multi-byte characters and CRLF pairs. */
function bytesIn(text: string, size: number): Readable {
  const bytes = Buffer.from(text, 'utf8');
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  return Readable.from(pieces, { objectMode: true });
}

function summary(r: { matches: readonly { id: string; score: number; lines: readonly { line: number; signature: string }[] }[] }) {
  return r.matches.map((m) => ({ id: m.id, score: m.score, lines: m.lines.map((l) => `${l.line}:${l.signature}`) }));
}

/** Deterministic pseudo-random bytes (no test that depends on luck). */
function garbage(n: number, seed = 7): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out[i] = x >>> 16;
  }
  return out;
}

describe('explainText', () => {
  it('finds a message wrapped in the middle and reports both lines with their original text', () => {
    const r = explainText(GUIDE_CAS_LOG);
    expect(r.matches.map((m) => m.id)).toEqual(['migration-ssh-cipher', 'pool-no-slot']);
    const lines = r.matches[0]!.lines.filter((l) => l.signature === 'migration-ssh-cipher/bad-cipher-spec');
    expect(lines.map((l) => l.line)).toEqual([5, 6]);
    expect(lines[1]!.text).toBe("cipher spec 'arcfour128,aes128-ctr,aes192-ctr,aes256-ctr'.");
    expect(r.input).toEqual({ bytes: Buffer.byteLength(GUIDE_CAS_LOG), lines: 7 });
  });

  it('gives the same result for CRLF line endings', () => {
    expect(summary(explainText(GUIDE_CAS_LOG.replace(/\n/g, '\r\n')))).toEqual(summary(explainText(GUIDE_CAS_LOG)));
  });

  it('handles empty input and input without a final newline', () => {
    expect(explainText('')).toEqual({ input: { bytes: 0, lines: 0 }, matches: [] });
    expect(explainText('\n').input.lines).toBe(1);
    expect(explainText('No bootable device').matches[0]!.lines[0]).toMatchObject({ line: 1, text: 'No bootable device' });
  });

  it('counts every occurrence but keeps only a few sample lines', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `Oct 30 02:${i % 60} cvk kernel: o2quo_disk_timeout: Disk heartbeat timeout.`).join('\n');
    const r = explainText(text);
    expect(r.matches[0]!.id).toBe('storage-fence');
    expect(r.matches[0]!.signatures.find((s) => s.id === 'storage-fence/disk-heartbeat')!.count).toBe(10_000);
    expect(r.matches[0]!.lines.map((l) => l.line)).toEqual([1, 2, 3]);
    expect(explainText(text, { maxLines: 2 }).matches[0]!.lines).toHaveLength(2);
  });

  it('counts a match once however many windows see it', () => {
    const r = explainText(['x', 'Too short cookie string', 'y', 'z'].join('\n'));
    expect(r.matches[0]!.signatures).toEqual([expect.objectContaining({ id: 'ui-login/cookie-too-short', count: 1 })]);
  });

  it('requires the parts of a two-part signature within its window', () => {
    const apart = (gap: number) =>
      explainText(['BUG: soft lockup - CPU#0 stuck for 67s!', ...Array(gap).fill('R8: 0 R9: 0'), '[exception RIP: get_random_bytes+41]'].join('\n'));
    expect(apart(150).matches[0]!.signatures.map((s) => s.id)).toContain('hygon-rdrand/lockup-in-rdrand');
    expect(apart(250).matches[0]!.signatures.map((s) => s.id)).not.toContain('hygon-rdrand/lockup-in-rdrand');
  });

  it('applies `unless`: a bridge without ports reports NO-CARRIER by design', () => {
    const r = explainText(
      [
        '15: lxdbr0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000',
        '16: eth2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc mq master ovs-system state DOWN mode DEFAULT',
      ].join('\n'),
    );
    expect(r.matches.map((m) => m.lines.map((l) => l.line))).toEqual([[2]]);
    expect(explainText('3: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 state DOWN').matches).toEqual([]);
  });

  it('never tries a one-line pattern across two rows', () => {
    const listing = ['drwxr-xr-x 1 root  root      4096 Dec 10 14:38 ..', '-rw-rw---- 1 mysql mysql 12582912 Dec 10 14:25 ibdata1'];
    expect(explainText(listing.join('\n')).matches).toEqual([]);
    expect(explainText('-rw-rw---- 1 root root 12582912 Dec 10 14:25 ibdata1').matches[0]!.id).toBe('db-connection');
  });

  it('limits the entries and ranks by score, then specificity, then catalogue order', () => {
    const text = ['No bootable device.', 'lacp_status: configured', 'Too short cookie string'].join('\n');
    expect(explainText(text).matches.map((m) => [m.id, m.score])).toEqual([
      ['ui-login', 95],
      ['nic-packet-loss', 85],
      ['host-no-boot-device', 75],
    ]);
    expect(explainText(text, { limit: 1 }).matches.map((m) => m.id)).toEqual(['ui-login']);
    expect(explainText(text, { signatures: allSignatures.filter((s) => s.entry === 'mce') }).matches).toEqual([]);
  });

  it('scores the strongest signature plus a capped credit for the others', () => {
    expect(entryScore([90])).toBe(90);
    expect(entryScore([60, 20])).toBe(64);
    expect(entryScore([50, 80, 40])).toBe(95);
    expect(entryScore([95, 90, 85, 80])).toBe(110);
  });

  it('matches inside a very long line, also across the cut between two pieces', () => {
    const filler = 'a'.repeat(MAX_SEGMENT - 10);
    const line = `${filler} Bad SSH2 cipher spec 'arcfour128' ${'b'.repeat(3 * MAX_SEGMENT)}`;
    const r = explainText(`first line\n${line}\nlast line`);
    expect(r.input.lines).toBe(3);
    const hit = r.matches[0]!;
    expect(hit.id).toBe('migration-ssh-cipher');
    expect(hit.lines[0]!.line).toBe(2);
    expect(hit.lines[0]!.text.length).toBeLessThan(300);
    expect(hit.lines[0]!.text).toContain('Bad SSH2 cipher');
  });

  it('stays fast on hostile lines full of near-matches', () => {
    const start = Date.now();
    const r = explainText(
      [
        `ocfs2_cluster_lock${' d'.repeat(8000)}`,
        `<no-carrier${'<'.repeat(16000)}`,
        `* * * * * root wget${' |'.repeat(8000)}`,
        `lockres: x mode: ${'flags: '.repeat(2000)}`,
      ].join('\n'),
    );
    expect(Date.now() - start).toBeLessThan(2000);
    expect(r.matches).toEqual([]);
    expect(r.input.lines).toBe(4);
  });

  it('does not let "^" patterns match where a long line was cut', () => {
    const line = `${'x'.repeat(MAX_SEGMENT)}Restarted at 2017-03-14 14:28:52 (1489501732.600511).`;
    expect(explainText(line).matches).toEqual([]);
    expect(explainText('Restarted at 2017-03-14 14:28:52 (1489501732.600511).').matches[0]!.id).toBe('storage-fence');
  });
});

describe('explainStream', () => {
  it.each([1, 3, 7, 64, 4096])('gives the explainText result when fed in %i-byte pieces', async (size) => {
    const expected = summary(explainText(GUIDE_CAS_LOG.replace(/\n/g, '\r\n')));
    const r = await explainStream(bytesIn(GUIDE_CAS_LOG.replace(/\n/g, '\r\n'), size));
    expect(summary(r)).toEqual(expected);
    expect(r.input.bytes).toBe(Buffer.byteLength(GUIDE_CAS_LOG.replace(/\n/g, '\r\n')));
    expect(r.input.lines).toBe(7);
  });

  it('accepts string chunks that split a message', async () => {
    const r = await explainStream(Readable.from(['Restarted at 2017-04-08 22:04:57 (1491689097.184531). dm-1, o2quo_di', 'sk_timeout: Disk heartbeat', ' timeout.\n']));
    expect(r.matches[0]!.signatures.map((s) => s.id)).toEqual(['storage-fence/disk-heartbeat', 'storage-fence/restarted-at']);
  });

  it('survives binary garbage, and still finds a message inside it', async () => {
    const junk = garbage(1 << 20);
    const clean = await explainStream(Readable.from([junk]));
    expect(clean.matches).toEqual([]);
    expect(clean.input.bytes).toBe(1 << 20);
    const planted = Buffer.concat([junk.subarray(0, 5000), Buffer.from('\nHardware event. This is not a software error.\n'), junk.subarray(5000)]);
    const r = await explainStream(Readable.from([planted]));
    expect(r.matches.map((m) => m.id)).toEqual(['mce']);
  });

  it('handles an empty stream and a line with no end in sight', async () => {
    expect(await explainStream(Readable.from([]))).toEqual({ input: { bytes: 0, lines: 0 }, matches: [] });
    const endless = Array.from({ length: 40 }, () => 'z'.repeat(10_000));
    endless[20] = `${'z'.repeat(5000)}Too short cookie string${'z'.repeat(5000)}`;
    const r = await explainStream(Readable.from(endless));
    expect(r.input.lines).toBe(1);
    expect(r.matches[0]!.id).toBe('ui-login');
  });
});
