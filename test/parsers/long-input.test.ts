/**
 * Every parser of `usdiag parse` reads in time linear in its input. A host
 * can print one enormous line (a log line with a pasted blob, a wrapped
 * table, a killed command's garbage) or tens of thousands of lines; a
 * backtracking regex or a search inside a loop then costs seconds to hours.
 *
 * The inputs are built from each tool's own samples, so the parser reaches
 * its row, key and value paths, not only its "not my line" path: the sample
 * as one 200,000-character line, its whitespace gaps widened, each line cut
 * after a gap and padded with spaces, each line repeated into itself, its
 * last word split by a gap, each line followed by a run of `[`, `(` or
 * letters, and the first sample repeated to 20,000 lines (as is, and with the first name of
 * every line numbered, so that each line names another device or key); plus
 * a few shapes of no tool.
 *
 * No absolute speed is asserted (the machine may be loaded): see
 * test/support/linear-time.ts for how linear growth is measured.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARSERS } from '../../src/parsers/index.js';
import { FIXTURES } from '../support/fixture-run.js';
import { FULL_CHARS, superLinear, type Shape } from '../support/linear-time.js';

const FULL_LINES = 20_000;
/** Lines of a sample that the per-line shapes use: each then gets FULL_CHARS / 10. */
const SHAPED_LINES = 10;

/** Tools without a corpus directory of their own: a fixture (path under fixtures/) or inline text. */
const OWN_SAMPLES: Record<string, readonly string[]> = {
  'proc-diskstats': ['parsers/diskstats/jc-linux-proc-1.txt', 'parsers/diskstats/synthetic-kernel-3.10.txt'],
  'ocfs2-fence-log': ['parsers/fence-log/guide-3.5.4.txt', 'parsers/fence-log/synthetic-cst.txt'],
  'iscsiadm-session': ['parsers/iscsi/libvirt-session.txt', 'parsers/iscsi/openebs-session-P3.txt'],
  'last-x': ['parsers/last/jc-last-wixF.txt', 'parsers/last/jc-last-crash-excerpt.txt'],
  'virsh-pool-list': ['hosts/vks-healthy/commands/virsh_-r_pool-list_--all/stdout'],
  'virsh-pool-dumpxml': ['hosts/vks-healthy/commands/virsh_-r_pool-dumpxml_FC-St/stdout'],
  'virsh-dumpxml': ['parsers/libvirt-xml/dumpxml-running-synthetic.xml'],
  'proc-mounts': ['parsers/mount/proc-mounts-usphere.txt'],
  'multipath-wwids': ['parsers/multipath-files/wwids.txt'],
  'multipath-bindings': ['parsers/multipath-files/bindings.txt'],
  'ip-link': ['parsers/net/ip-link-guide-3.6.1.txt'],
  'debugfs-dlm-locks': ['parsers/ocfs2/dlm-locks-guide-owner.txt', 'parsers/ocfs2/dlm-locks-synthetic.txt'],
  'od-qcow2-header': ['parsers/qcow2-header/snap.od-Ad.txt', 'parsers/qcow2-header/v2-backing.od-Ax.txt'],
  'stat-mtime-size': ['parsers/stat-files/debian12-var-log.txt'],
  'ls-sys-class-net': [
    [
      'total 0',
      'lrwxrwxrwx 1 root root 0 Mar  4 10:11 eth0 -> ../../devices/pci0000:00/0000:00:03.0/net/eth0',
      'lrwxrwxrwx 1 root root 0 Mar  4 10:11 lo -> ../../devices/virtual/net/lo',
      'lrwxrwxrwx 1 root root 0 Mar  4 10:11 vswitch0 -> ../../devices/virtual/net/vswitch0',
      'lrwxrwxrwx 1 root root 0 Mar  4 10:11 vnet3 -> ../../devices/virtual/net/vnet3',
      '',
    ].join('\n'),
  ],
  'fc-port-state': ['hosts/vks-healthy/commands/cat_sys_class_fc_host_host1_port_state/stdout'],
  'fc-port-name': ['hosts/vks-healthy/commands/cat_sys_class_fc_host_host1_port_name/stdout'],
  syslog: ['parsers/syslog/mixed-formats.txt', 'parsers/syslog/vks-fence-sequence.txt'],
  'virsh-domblklist': ['parsers/virsh/domblklist-details-synthetic.txt', 'parsers/virsh/domblklist-old-synthetic.txt'],
  // alarms and platform suite: usdiag's own formats (grep -H of sysfs files, stat -c, id USER)
  'grep-H-sysfs': ['parsers/platform/sysfs-net-synthetic.txt', 'parsers/platform/edac-synthetic.txt'],
  'stat-owner': ['parsers/platform/stat-owner-synthetic.txt'],
  'id-user': ['parsers/platform/id-user-synthetic.txt'],
  // compute suite: vm-migration-stuck reads the domjobinfo corpus through its own parser; domstate has no public sample
  'virsh-domjobinfo-migration': ['corpus/virsh-domjobinfo/libvirt-exporter-issue132-1.txt', 'corpus/virsh-domjobinfo/libvir-list-2010-02-save-1.txt'],
  'virsh-domstate': ['parsers/virsh/domstate-reason-synthetic.txt', 'parsers/virsh/domstate-running-synthetic.txt'],
  'virsh-domblkstat': ['parsers/virsh/domblkstat-device-synthetic.txt', 'parsers/virsh/domblkstat-all-synthetic.txt', 'parsers/virsh/domblkstat-human-synthetic.txt'],
  // network suite: no public sample of these outputs (see fixtures/parsers/network-suite/README.md)
  'lldptool-get-lldp': ['parsers/network-suite/lldptool-get-lldp-rxtx-synthetic.txt', 'parsers/network-suite/lldptool-get-lldp-no-agent-synthetic.txt'],
  'lldptool-stats': ['parsers/network-suite/lldptool-stats-synthetic.txt'],
  'lldpad-conf': ['parsers/network-suite/lldpad-conf-ifname-synthetic.txt', 'parsers/network-suite/lldpad-conf-ifindex-synthetic.txt'],
  'ovs-vsctl-get': ['parsers/network-suite/ovs-vsctl-get-lldp-enabled-synthetic.txt', 'parsers/network-suite/ovs-vsctl-get-ofport-synthetic.txt'],
  'ovs-dbg-listports': ['parsers/network-suite/listports-guide-3.6.5.txt', 'parsers/network-suite/listports-aligned-synthetic.txt'],
  // compute suite (guide 3.4.8): see fixtures/parsers/ssh/README.md
  'ssh-q': ['hosts/vks-healthy/commands/ssh_-Q_cipher/stdout', 'hosts/migration-ssh-cipher/old-openssh/cvknode11/commands/ssh_-Q_cipher/stdout'],
  'cas-log-scp': ['parsers/ssh/cas-log-guide-3.4.8.txt'],
  // compute suite: the guide's threshold line (3.4.3) and one key per line; domain definitions of the corpus
  'cpu-mem-threshold': ['CpuUsePercent 85 MemSysReserved 4\n', '# libvirt start thresholds\nCpuUsePercent 85\nMemSysReserved 4\n'],
  'libvirt-domain-guest': ['corpus/libvirt-domain-xml/unidentified-k8s01-1.txt', 'corpus/libvirt-domain-xml/libvirt-tests-1.txt'],
};

/** Up to two samples of the tool: its corpus (largest first), else OWN_SAMPLES. */
function samplesOf(tool: string): string[] {
  const dir = join(FIXTURES, 'corpus', tool);
  let files: string[] = [];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => join(dir, f))
      .sort((a, b) => statSync(b).size - statSync(a).size || a.localeCompare(b));
  } catch {
    files = [];
  }
  const texts = files.length > 0 ? files.map((f) => readFileSync(f, 'utf8')) : (OWN_SAMPLES[tool] ?? []).map((s) => (s.includes('\n') ? s : readFileSync(join(FIXTURES, s), 'utf8')));
  return texts.slice(0, 2);
}

/** `unit` repeated to exactly `n` characters. */
const fill = (unit: string, n: number): string => unit.repeat(Math.ceil(n / Math.max(1, unit.length))).slice(0, n);

/** The inputs for a tool, as functions of the size (characters per long line, or lines). */
function shapesOf(samples: readonly string[]): Record<string, Shape> {
  const shapes: Record<string, Shape> = {
    'a line of spaces ending in a word': (n) => `${' '.repeat(n)}x`,
    'a line of "key: " pairs': (n) => fill('Key: 1 ', n),
    'a line of "a=b," and colons': (n) => fill('a=b,c:d ', n),
    'a line of digits and tabs': (n) => fill('123\t', n),
  };
  samples.forEach((text, s) => {
    const all = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    if (all.length === 0) return;
    const some = all.slice(0, SHAPED_LINES);
    const per = (n: number): number => Math.floor(n / some.length);
    shapes[`sample ${s} as one line`] = (n) => fill(`${all.join(' ')} `, n);
    shapes[`sample ${s} with its gaps widened`] = (n) => {
      const gaps = some.reduce((k, l) => k + (l.match(/\s+/g)?.length ?? 0), 0);
      const width = Math.max(1, Math.floor(n / Math.max(1, gaps)));
      return some.map((l) => l.replace(/\s+/g, (g) => g[0]!.repeat(width))).join('\n') + '\n';
    };
    shapes[`sample ${s} cut after the first gap, padded`] = (n) =>
      some.map((l) => `${l.replace(/^(\s*\S+).*$/, '$1')}${' '.repeat(per(n))}x`).join('\n') + '\n';
    shapes[`sample ${s} cut before the last word, padded`] = (n) =>
      some.map((l) => `${l.replace(/\s+\S+\s*$/, '')}${' '.repeat(per(n))}x`).join('\n') + '\n';
    shapes[`sample ${s} with each line repeated into itself`] = (n) => some.map((l) => fill(`${l} `, per(n))).join('\n') + '\n';
    shapes[`sample ${s} with the last word of each line split by a gap`] = (n) =>
      some.map((l) => l.replace(/(\S)(\S*)$/, (_, a: string, b: string) => `${a}${' '.repeat(per(n))}${b || 'x'}`)).join('\n') + '\n';
    // Unclosed brackets and long words: a bracket or key=value regex retried from each of their characters.
    for (const [what, unit] of [['"["', '['], ['"("', '('], ['letters', 'a']] as const) {
      shapes[`sample ${s} with each line followed by a run of ${what}`] = (n) => some.map((l) => `${l} ${unit.repeat(per(n))}`).join('\n') + '\n';
    }
    if (s > 0) return; // 20,000 lines of one sample are enough (and several MB for long-line tools)
    const copies = (n: number): number => Math.ceil((n * FULL_LINES) / FULL_CHARS / all.length);
    shapes[`sample ${s} repeated to many lines`] = (n) => `${all.join('\n')}\n`.repeat(copies(n));
    // Every line names another thing (device, node, key): a lookup by name inside a loop shows.
    shapes[`sample ${s} repeated to many lines, names numbered`] = (n) =>
      Array.from({ length: copies(n) * all.length }, (_, k) => all[k % all.length]!.replace(/[A-Za-z_][\w.-]*/, (w) => `${w}${k}`)).join('\n') + '\n';
  });
  return shapes;
}

describe('every parser reads in linear time', () => {
  const tools = Object.keys(PARSERS);

  it('has samples for every tool of the registry', () => {
    expect(tools.filter((t) => samplesOf(t).length === 0)).toEqual([]);
  });

  it('builds inputs of the stated sizes', () => {
    const shapes = shapesOf(samplesOf('virsh-domjobinfo'));
    expect(shapes['sample 0 as one line']!(FULL_CHARS)).toHaveLength(FULL_CHARS);
    expect(shapes['sample 0 as one line']!(FULL_CHARS)).not.toContain('\n');
    const many = shapes['sample 0 repeated to many lines']!(FULL_CHARS).split('\n').length;
    expect(many).toBeGreaterThanOrEqual(FULL_LINES);
    expect(many).toBeLessThan(FULL_LINES * 1.2);
  });

  it.each(tools)('%s: a 200,000-character line and 20,000 lines', (tool) => {
    const parse = PARSERS[tool]!;
    const samples = samplesOf(tool);
    for (const s of samples) parse(s); // warm up
    const slow = Object.entries(shapesOf(samples)).flatMap(([name, shape]) => {
      const verdict = superLinear(parse, shape);
      return verdict ? [`${name}: ${verdict}`] : [];
    });
    expect(slow).toEqual([]);
  }, 300_000);
});
