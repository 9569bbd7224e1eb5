import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDomainXml } from '../../src/parsers/libvirt-xml.js';
import { parseQemuImgInfoJson } from '../../src/parsers/qemu-img.js';
import { parseScpCipherLog, parseSshQuery } from '../../src/parsers/ssh.js';
import { FIXTURES } from '../support/fixture-run.js';

const read = (p: string) => readFileSync(join(FIXTURES, p), 'utf8');

describe('ssh -Q cipher', () => {
  it('reads one algorithm a line, with its line', () => {
    const r = parseSshQuery(read('hosts/vks-healthy/commands/ssh_-Q_cipher/stdout'));
    expect(r.issues).toEqual([]);
    expect(r.value.names.map((n) => n.name)).toContain('chacha20-poly1305@openssh.com');
    expect(r.value.names.map((n) => n.name)).not.toContain('arcfour128');
    expect(r.value.names[4]).toEqual({ name: 'rijndael-cbc@lysator.liu.se', line: 5 });
  });

  it('reads the older list with arcfour', () => {
    const names = parseSshQuery(read('hosts/migration-ssh-cipher/old-openssh/cvknode11/commands/ssh_-Q_cipher/stdout')).value.names.map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining(['arcfour', 'arcfour128', 'arcfour256', 'aes128-ctr']));
  });

  it('reports what is not an algorithm name, never throws', () => {
    const r = parseSshQuery('aes128-ctr\nunknown option -- Q\n\nusage: ssh [-46AaCfGgKkMNnqsTtVvXxYy]\n');
    expect(r.value.names.map((n) => n.name)).toEqual(['aes128-ctr']);
    expect(r.issues.map((i) => i.line)).toEqual([2, 4]);
    expect(parseSshQuery('').value.names).toEqual([]);
  });
});

describe('cas.log SCP lines', () => {
  it('reads the guide\'s example: the scp command with its cipher list and operands, then the refusal', () => {
    const r = parseScpCipherLog(read('parsers/ssh/cas-log-guide-3.4.8.txt'));
    expect(r.value).toHaveLength(2);
    expect(r.value[0]).toMatchObject({
      kind: 'scp',
      ciphers: ['arcfour128', 'aes128-ctr', 'aes192-ctr', 'aes256-ctr'],
      source: 'root@8.8.8.8:/vms/MacroSAN-37T/test_inc_1',
      target: '/vms/ONESTor-CAS-32T-1/test_inc_1',
      stamp: '2022-08-10 17:14:00',
      span: { first: 1, last: 1 },
    });
    expect(r.value[1]).toMatchObject({ kind: 'bad-spec', ciphers: ['arcfour128', 'aes128-ctr', 'aes192-ctr', 'aes256-ctr'], line: 2 });
  });

  it('reads -oCiphers= and -c, skips other lines and an unterminated quote', () => {
    const r = parseScpCipherLog("x scp -oCiphers=aes256-ctr a b\nINFO nothing\nBad SSH2 cipher spec 'arcfour\n");
    expect(r.value.map((v) => [v.kind, v.ciphers])).toEqual([['scp', ['aes256-ctr']], ['bad-spec', ['arcfour']]]);
  });
});

describe('domain XML: the guest agent channel', () => {
  it('reads the channel target and state with its span', () => {
    const x = read('hosts/vm-deploy-7501/agent-down/cvknode11/commands/virsh_-r_dumpxml_--_win7/stdout');
    const ch = parseDomainXml(x).value.channels!;
    expect(ch).toHaveLength(1);
    expect(ch[0]).toMatchObject({ type: 'unix', targetType: 'virtio', name: 'org.qemu.guest_agent.0', state: 'disconnected' });
    const lines = x.split('\n').slice(ch[0]!.span!.first - 1, ch[0]!.span!.last);
    expect(lines[0]).toContain("<channel type='unix'>");
    expect(lines[lines.length - 1]).toContain('</channel>');
  });

  it('has no channels key without channels', () => {
    expect(parseDomainXml(read('hosts/vks-healthy/commands/virsh_-r_dumpxml_--_win7/stdout')).value.channels).toBeUndefined();
  });
});

describe('qemu-img info --output=json: what migration-ssh-cipher reads', () => {
  it('a real overlay (avocado-vt sample) names its backing file: a two-level chain', () => {
    const r = parseQemuImgInfoJson(read('corpus/qemu-img-info-json/avocado-vt-pr2634-1.txt'));
    expect(r.value.images[0]).toMatchObject({ filename: 'sn.qcow2', backingFile: 'test.qcow2' });
    expect(r.value.images[0]!.snapshots).toEqual([]);
  });

  it('a --backing-chain array with a snapshot on the base', () => {
    const r = parseQemuImgInfoJson(read('hosts/migration-ssh-cipher/chain/cvknode11/commands/qemu-img_info_-U_--backing-chain_--output_json_--_vms_FC-St_win7.qcow2/stdout'));
    expect(r.value.images.map((i) => [i.filename, i.snapshots.length])).toEqual([['/vms/FC-St/win7.qcow2', 0], ['/vms/FC-St/win7-base.qcow2', 1]]);
  });
});
