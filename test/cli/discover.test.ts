/**
 * --discover end to end: three simulated VKS on 127.0.0.2-4 sharing one SSH
 * port (as a cluster shares port 22), whose cluster.conf lists all three.
 * Given one address, usdiag reads cluster.conf there and scans the other two
 * with the same credentials; a node given already is not scanned twice.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/report/schema.js';
import { startSimHost } from '../../src/sim/sim-host.js';
import type { SimHost } from '../../src/sim/types.js';
import { runCli } from '../support/cli.js';
import { violations } from '../support/denylist.js';
import { hostDir } from '../support/fixture-run.js';
import { tempDir, writeClientKey } from '../support/sim.js';

const NODES = [['cvknode11', '127.0.0.2'], ['cvknode12', '127.0.0.3'], ['cvknode13', '127.0.0.4']] as const;

const CLUSTER_CONF = `${NODES.map(([name, ip], i) => `node:\n\tip_port = 7100\n\tip_address = ${ip}\n\tnumber = ${i + 1}\n\tname = ${name}\n\tcluster = ocfs2\n`).join('\n')}\ncluster:\n\tnode_count = 3\n\tname = ocfs2\n`;

/** A VKS profile: the healthy base, with this cluster.conf and its own node name. */
function profile(root: string, name: string, ip: string, base = hostDir('vks-healthy'), roles = '[vks]'): string {
  const dir = join(root, name);
  const ps = roles === '[vks]' ? 'systemd\nlibvirtd\novs-vswitchd\nqemu-kvm\n' : 'systemd\nmysqld\njava\n';
  for (const [cmd, out] of [['cat /etc/ocfs2/cluster.conf', CLUSTER_CONF], ['uname -n', `${name}\n`], ['ps -e -o comm=', ps]] as const) {
    const d = join(dir, 'commands', cmd.replace(/[^A-Za-z0-9.-]+/g, '_'));
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'command'), `${cmd}\n`);
    writeFileSync(join(d, 'stdout'), out);
  }
  writeFileSync(join(dir, 'host.yaml'), `name: ${name}\naddress: ${ip}\nroles: ${roles}\nextends: ${relative(dir, base)}\n`);
  return dir;
}

describe('--discover', () => {
  let dir: string;
  let cleanup: () => void;
  let sims: SimHost[] = [];
  let key: { path: string; publicKey: string };
  let knownHosts: string;
  let port = 0;
  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    key = writeClientKey(dir);
    for (const [name, ip] of NODES) {
      const sim = await startSimHost({ profileDir: profile(dir, name, ip) }, { user: 'root', publicKeys: [key.publicKey] }, { address: ip, port });
      port = sim.port;
      sims.push(sim);
    }
    const vms = await startSimHost({ profileDir: profile(dir, 'cvm01', '127.0.0.5', hostDir('vms-healthy'), '[vms]') }, { user: 'root', publicKeys: [key.publicKey] }, { address: '127.0.0.5', port });
    sims.push(vms);
    knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, sims.map((s) => `${s.knownHostsLine}\n`).join(''));
  });
  afterAll(async () => {
    await Promise.all(sims.map((s) => s.close()));
    cleanup();
  });
  const reset = () => sims.forEach((s) => s.recorded.splice(0));
  const args = (hosts: string[], extra: string[] = []) => [
    'check', 'multipath-wwid', ...hosts.flatMap((h) => ['--host', `root@${h}:${port}`]), '--discover',
    '--identity', key.path, '--known-hosts', knownHosts, '--ssh-config', join(dir, 'none'), '--format', 'json', ...extra,
  ];

  it('scans every node of cluster.conf from one address, with the same credentials, and says which were discovered', async () => {
    reset();
    const r = await runCli(args(['127.0.0.2']), { env: { SSH_AUTH_SOCK: '' } });
    const report = reportSchema.parse(JSON.parse(r.stdout));
    expect(report.hosts.map((h) => [h.name, h.address])).toEqual([[`127.0.0.2:${port}`, '127.0.0.2'], ['cvknode12', '127.0.0.3'], ['cvknode13', '127.0.0.4']]);
    expect(report.results.map((x) => [x.host, x.status])).toEqual([[`127.0.0.2:${port}`, 'ok'], ['cvknode12', 'ok'], ['cvknode13', 'ok']]);
    // discovered nodes have no role given: detected from what they run
    expect(report.hosts.slice(1).map((h) => [h.roles, h.roleSource])).toEqual([[['vks'], 'detected'], [['vks'], 'detected']]);
    expect(r.stderr).toBe(`usdiag: --discover: from 127.0.0.2:${port}'s /etc/ocfs2/cluster.conf (cluster ocfs2): discovered cvknode12 (127.0.0.3), cvknode13 (127.0.0.4); already given: cvknode11 (127.0.0.2)\n`);
    expect(r.code).toBe(0);
    for (const s of sims.slice(0, 3)) expect(s.recorded.some((c) => c.key === 'multipath -ll'), s.name).toBe(true);
    // one connection to the seed: the scan reuses the one discovery opened
    expect(sims[0]!.stats.connections).toBe(1);
    expect(sims[0]!.recorded.filter((c) => c.key === 'cat /etc/ocfs2/cluster.conf')).toHaveLength(1);
    expect(sims[3]!.recorded).toEqual([]);
    expect(violations(sims.flatMap((s) => s.recorded.map((c) => c.wire)))).toEqual([]);
  });

  it('does not duplicate nodes given already', async () => {
    reset();
    const r = await runCli(args(['127.0.0.2', '127.0.0.3']), { env: { SSH_AUTH_SOCK: '' } });
    const report = reportSchema.parse(JSON.parse(r.stdout));
    expect(report.hosts.map((h) => h.address)).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4']);
    expect(r.stderr).toContain('discovered cvknode13 (127.0.0.4); already given: cvknode11 (127.0.0.2), cvknode12 (127.0.0.3)');
    // the second seed lists no node that is not given by now
    expect(r.stderr).toContain(`usdiag: --discover: 127.0.0.3:${port}'s /etc/ocfs2/cluster.conf (cluster ocfs2) lists no node that is not given already`);
    expect(sims[2]!.recorded.filter((c) => c.key === 'multipath -ll')).toHaveLength(1);
  });

  it('on a VMS says there is no read-only source of its hypervisors, and why', async () => {
    reset();
    const r = await runCli(args(['127.0.0.5'], ['--role', 'vms']), { env: { SSH_AUTH_SOCK: '' } });
    expect(r.stderr).toContain('is a VMS: usdiag knows no read-only source of the hypervisors it manages');
    expect(r.stderr).toContain('a MySQL query is not a command the read-only policy can prove read-only');
    const report = reportSchema.parse(JSON.parse(r.stdout));
    // its cluster.conf (a VMS that is also in the OCFS2 cluster) still names the nodes
    expect(report.hosts.map((h) => h.address)).toEqual(['127.0.0.5', '127.0.0.2', '127.0.0.3', '127.0.0.4']);
  });

  it('needs --host or --inventory', async () => {
    const r = await runCli(['scan', '--local', '--discover']);
    expect(r.code).toBe(64);
    expect(r.stderr).toBe('usdiag: --discover needs --host or --inventory (it reads cluster.conf over SSH)\n');
  });
});
