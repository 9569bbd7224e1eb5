/**
 * The programs usdiag may run on a host, and for each the argument shapes that
 * only read. Everything absent from this table is refused. When a check needs
 * a new command, it is added here, with its shape and the reason it cannot
 * change the host: `usdiag policy` prints this table for the people who
 * approve the tool, so the rule, its description and its reason stay together.
 *
 * A program's verb-less form is never assumed to read: crontab, fdisk and
 * debugfs.ocfs2 without their reading option read commands from standard
 * input, qemu-img snapshot without -l opens the image read-write.
 */
import { literal, type Text, text } from '../i18n/text.js';
import {
  type ArgRule, type ValueRule, absolutePath, anyValue, count, devicePath, each, getopt, imageFile, imagePath,
  inspectedPath, integer, mountPath, noArgs, none, normalPath, oneOf, options, plainName, readableFile, requireOption,
  subcommands, word,
} from './argspec.js';

export interface ProgramRule {
  /** The arguments allowed when the program is the first stage. */
  readonly rule: ArgRule;
  /** May be used as a later stage of a pipeline (reads standard input only). */
  readonly filter?: ArgRule;
  /** The allowed shape, in the words of `usdiag policy` (FILE, PATH, DEVICE... see VALUE_KINDS). */
  readonly shape: Text;
  /** Why this shape cannot change (or take anything from) the host. */
  readonly why: Text;
  /**
   * The program sends packets (a duplicate-address probe): sent only when the
   * run allows active probes (--active-probes) and the command is marked active.
   */
  readonly active?: true;
}

const t = text;

const lockName: ValueRule = (v) => (/^[A-Za-z0-9$_.-]{1,64}$/.test(v) ? null : `"${v}" is not an OCFS2 lock name`);
const pidList: ValueRule = (v) => (/^\d{1,9}(,\d{1,9})*$/.test(v) ? null : `"${v}" is not a pid list`);
const psFormat: ValueRule = (v) => (/^[A-Za-z0-9_,:=%+-]{1,400}$/.test(v) ? null : `"${v}" is not a ps format`);
const grepPattern = anyValue;

/** `sysctl KEY` reads /proc/sys/KEY (dots or slashes): no `..`, nothing that starts a path of its own. */
const sysctlKey: ValueRule = (v) =>
  /^[A-Za-z0-9_][A-Za-z0-9_.\/-]{0,254}$/.test(v) && !/\.\.|\/\/|\/\.|\.\//.test(v) ? null : `"${v}" is not a sysctl key`;

/** `service NAME` runs /etc/init.d/NAME: a name, never a path. */
const serviceName: ValueRule = (v) =>
  /^[A-Za-z0-9_][A-Za-z0-9_.@+-]{0,254}$/.test(v) && !v.includes('..') ? null : `"${v}" is not a service name (no paths)`;

/** libvirt on this host only: no host part, no +ssh/+tcp/+tls transport. */
const localLibvirtUri: ValueRule = (v) =>
  v === 'qemu:///system' || v === 'qemu:///session' ? null : `"${v}" is not a local libvirt URI (qemu:///system or qemu:///session)`;

/** An OVS bridge on this host: tcp:, ssl:, unix: or a path would reach another switch. */
const localBridge: ValueRule = (v) =>
  /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(v) ? null : `"${v}" is not a local bridge name (tcp:, ssl:, unix: or a path reach another switch)`;

/** A RabbitMQ node without @host: rabbitmqctl then asks the node on this host. */
const localNode: ValueRule = (v) => (plainName(v) === null ? null : `"${v}" is not a local RabbitMQ node name (no @host)`);

/** Image formats qemu-img may open; not vvfat (a directory as a disk) nor protocol drivers. */
const imageFormat = oneOf('qcow2', 'raw', 'qed', 'vmdk', 'vpc', 'vhdx', 'vdi');

/** debugfs.ocfs2 -R requests that only read lock and super-block state. */
const debugfsRequest: ValueRule = (req) => {
  const parts = req.trim().split(/\s+/);
  const [verb, ...rest] = parts;
  switch (verb) {
    case 'fs_locks':
      return rest.every((a) => a === '-B' || a === '-l') ? null : `fs_locks ${rest.join(' ')}: only -B and -l`;
    case 'dlm_locks':
      return rest.every((a) => a === '-l' || lockName(a) === null) ? null : `dlm_locks ${rest.join(' ')}: lock names only`;
    case 'stats':
      return rest.every((a) => a === '-h') ? null : 'stats: only -h';
    case 'slotmap':
    case 'net_stats':
    case 'stat_sysdir':
      return rest.length ? `${verb} takes no arguments` : null;
    default:
      return `debugfs request "${verb}" is not in the read-only set`;
  }
};

const grepOptions = {
  flags: ['-E', '-F', '-i', '-a', '-h', '-H', '-n', '-c', '-v', '-w', '-o', '-s', '-I', '-x', '--color=never', '--text'],
  valued: { '-m': integer, '--max-count': integer, '-e': grepPattern, '--regexp': grepPattern, '-A': integer, '-B': integer, '-C': integer },
};

/**
 * grep's pattern and files as getopt sees them: every -e/--regexp value
 * (attached or not) is a pattern; without one, the first operand is.
 */
function grepRule(stdinOnly: boolean): ArgRule {
  return options({
    ...grepOptions,
    dashDash: true,
    operands: (ops, parsed) => {
      const hasE = parsed.options.some((o) => o.name === '-e' || o.name === '--regexp');
      if (!hasE && ops.length === 0) return 'needs a pattern';
      const files = hasE ? ops : ops.slice(1);
      if (stdinOnly) return files.length ? 'a filter stage reads standard input only' : null;
      return each(readableFile, 1)(files);
    },
  });
}

const headTail = (stdinOnly: boolean): ArgRule =>
  options({
    // no -f/-F: following a file never ends
    valued: { '-n': count, '--lines': count, '-c': count, '--bytes': count },
    dashDash: true,
    operands: stdinOnly ? none : each(readableFile, 1),
  });

/** BSD-style ps words (aux, axo FORMAT); never e, which prints every process's environment. */
const psOperands = (ops: readonly string[]): string | null => {
  if (ops.length === 0) return null;
  const [bsd, format, ...rest] = ops;
  if (!/^[auxwfjlvrhHScmnLTMZ]+o?$/.test(bsd!)) return `"${bsd}" is not a BSD option word ps may take (never e: it prints environments)`;
  if (bsd!.endsWith('o')) return format === undefined ? `"${bsd}" needs a format` : psFormat(format) ?? none(rest);
  return none(ops.slice(1));
};

const virshDomainCmd = (extraFlags: string[] = [], operands = each(anyValue, 1, 1)): ArgRule =>
  options({ flags: extraFlags, operands, dashDash: true });

const virsh = subcommands(
  { flags: ['-r', '--readonly', '-q', '--quiet'], valued: { '-c': localLibvirtUri, '--connect': localLibvirtUri } },
  {
    'list': options({ flags: ['--all', '--name', '--uuid', '--inactive', '--state-running', '--state-paused', '--state-shutoff', '--table', '--title'] }),
    'dominfo': virshDomainCmd(),
    'domstate': virshDomainCmd(['--reason']),
    'dumpxml': virshDomainCmd(['--inactive', '--migratable']),
    'domblklist': virshDomainCmd(['--details', '--inactive']),
    'domiflist': virshDomainCmd(['--inactive']),
    'domblkstat': virshDomainCmd(['--human'], each(anyValue, 1, 2)),
    'domifstat': virshDomainCmd([], each(anyValue, 2, 2)),
    'domblkinfo': virshDomainCmd(['--all', '--human'], each(anyValue, 1, 2)),
    'domjobinfo': virshDomainCmd(['--completed']),
    'domifaddr': virshDomainCmd(['--full'], each(anyValue, 1, 2)),
    'dommemstat': virshDomainCmd(),
    'vcpuinfo': virshDomainCmd(),
    'domstats': options({ flags: ['--block', '--interface', '--cpu-total', '--balloon', '--vcpu', '--state', '--raw'], operands: each(anyValue, 0), dashDash: true }),
    'nwfilter-list': noArgs,
    'nwfilter-dumpxml': virshDomainCmd(),
    'net-list': options({ flags: ['--all'] }),
    'pool-list': options({ flags: ['--all', '--details'] }),
    'pool-info': virshDomainCmd(),
    'pool-dumpxml': virshDomainCmd(['--inactive']),
    'vol-list': virshDomainCmd(['--details']),
    'snapshot-list': virshDomainCmd(['--tree', '--parent', '--roots', '--leaves', '--name', '--metadata', '--internal', '--external']),
    'snapshot-info': virshDomainCmd(['--current'], each(anyValue, 1, 2)),
    'snapshot-dumpxml': virshDomainCmd([], each(anyValue, 2, 2)),
    'capabilities': noArgs,
    'nodeinfo': noArgs,
    'version': noArgs,
    'hostname': noArgs,
    'sysinfo': noArgs,
  },
);

const ovsName = word;

const OVS_APPCTL_READS = [
  'bond/show', 'bond/list', 'lacp/show', 'lacp/show-stats', 'dpif/show', 'dpif/dump-flows',
  'dpctl/show', 'dpctl/dump-flows', 'fdb/show', 'fdb/stats-show', 'coverage/show', 'memory/show',
  'upcall/show', 'ofproto/list', 'cfm/show', 'bfd/show', 'version', 'dpif/show-dp-features',
];
const ovsAppctl = subcommands(
  { valued: { '-t': word, '--target': word, '-T': integer, '--timeout': integer } },
  Object.fromEntries(OVS_APPCTL_READS.map((c) => [c, options({ flags: ['-m', '--more', '--names', '--no-names'], operands: each(word, 0, 3) })])),
);

const ovsVsctl = subcommands(
  {
    flags: ['--no-headings', '--bare', '--oneline'],
    valued: { '-t': integer, '--timeout': integer, '--format': oneOf('table', 'list', 'csv', 'json', 'html'), '-f': oneOf('table', 'list', 'csv', 'json', 'html'), '--columns': word, '-d': oneOf('string', 'bare', 'json'), '--data': oneOf('string', 'bare', 'json') },
  },
  {
    'show': noArgs,
    'list-br': noArgs,
    'list-ports': each(ovsName, 1, 1),
    'list-ifaces': each(ovsName, 1, 1),
    'port-to-br': each(ovsName, 1, 1),
    'iface-to-br': each(ovsName, 1, 1),
    // `--` would start a second command (possibly a set); names never start with '-'
    'list': options({ flags: [], valued: { '--columns': word }, operands: each(ovsName, 1, 2) }),
    'get': options({ operands: each(word, 3, 3) }),
    'find': options({ valued: { '--columns': word }, operands: each(word, 1, 4) }),
  },
);

const ofctlFlow = options({
  flags: ['--names', '--no-names', '--no-stats', '--sort', '--rsort'],
  valued: { '-O': word, '--protocols': word },
  operands: (ops) => each(anyValue, 1, 2)(ops) ?? localBridge(ops[0]!) ?? (ops[1] === undefined ? null : word(ops[1])),
});
const ovsOfctl = subcommands(
  { flags: ['--names', '--no-names', '--no-stats'], valued: { '-O': word, '--protocols': word } },
  {
    'show': ofctlFlow, 'dump-flows': ofctlFlow, 'dump-ports': ofctlFlow, 'dump-ports-desc': ofctlFlow,
    'dump-tables': ofctlFlow, 'dump-groups': ofctlFlow, 'dump-desc': ofctlFlow, 'queue-stats': ofctlFlow,
  },
);

/**
 * iproute2 parses its own options: each is matched as a prefix of a long
 * name (-b is -batch, which runs commands from a file), and the colour
 * option takes its value only after `=`.
 */
const ip = (args: readonly string[]): string | null => {
  let i = 0;
  const globalFlags = new Set(['-s', '-d', '-o', '-4', '-6', '-j', '-p', '-br', '-details', '-stats', '-statistics', '-brief', '-oneline', '-c=never', '-color=never']);
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    if (!globalFlags.has(args[i]!)) return `option ${args[i]} is not allowed`;
  }
  const object = args[i];
  const objects = ['link', 'l', 'addr', 'address', 'a', 'route', 'r', 'neigh', 'neighbour', 'n', 'rule', 'maddr', 'maddress'];
  if (!object || !objects.includes(object)) return `object "${object ?? ''}" is not allowed`;
  const verb = args[i + 1];
  const rest = args.slice(i + 2);
  if (verb === undefined) return null;
  if (!['show', 'list', 'ls', 'get'].includes(verb)) return `"ip ${object} ${verb}" changes state`;
  if (verb === 'get' && !['route', 'r'].includes(object)) return 'only "ip route get" reads';
  return each(word)(rest);
};

const ethtoolReadOptions = ['-i', '-S', '-k', '-g', '-a', '-c', '-l', '-m', '-T', '-P', '--driver', '--statistics', '--show-features', '--show-ring', '--show-pause', '--show-coalesce', '--show-channels', '--module-info', '--show-time-stamping', '--show-permaddr', '--show-priv-flags'];
const ethtool: ArgRule = (args) => {
  if (args.length === 1) return word(args[0]!);
  if (args.length === 2 && ethtoolReadOptions.includes(args[0]!)) return word(args[1]!);
  return 'only "ethtool IFACE" or a read option (-i -S -k -g -a -c -l -m -T -P --show-priv-flags) with one interface';
};

const systemctlRead = options({
  flags: ['--no-pager', '-l', '--full', '--plain', '--all', '-a', '--value', '--failed', '--no-legend', '-q', '--quiet'],
  valued: { '-n': integer, '--lines': integer, '-p': word, '--property': word, '--type': word, '-t': word, '--state': word },
  operands: each(word),
});

// network suite (guide 3.6.2-3.6.6): value rules of its programs
const ipv4Address: ValueRule = (v) =>
  /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(v) ? null : `"${v}" is not an IPv4 address`;
const upTo = (max: number): ValueRule => (v) => (/^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= max ? null : `"${v}" is not a number from 1 to ${max}`);

/**
 * arping in duplicate-address-detection mode only: -D (sender 0.0.0.0), one
 * interface, a deadline; never -U/-A (unsolicited ARP rewrites neighbours'
 * caches), -s (a chosen sender address) or -b.
 */
const arping = options({
  flags: ['-D', '-q', '-f'],
  valued: { '-c': upTo(5), '-w': upTo(10), '-I': plainName },
  operands: each(ipv4Address, 1, 1),
  check: (p) => ['-D', '-I', '-w'].find((o) => !p.options.some((x) => x.name === o))
    ? 'only "arping -D -I IFACE -w SECONDS ADDRESS": duplicate-address detection on one interface, with a deadline'
    : null,
});

/** lldptool's reading commands, as words (it matches a word as a prefix: "s" or "set" would pick a set command). */
const LLDPTOOL_READS = new Set(['get-lldp', 'getlldp', 'get-tlv', 'gettlv', 'stats']);
const lldptoolScope = oneOf('nb', 'ncb', 'nntpmrb', 'nearest_bridge', 'nearest_customer_bridge', 'nearest_nontpmr_bridge');
const lldptool: ArgRule = (args) => {
  const p = getopt({ flags: ['-S', '-t', '-l', '-n', '-c', '-r', '-R'], valued: { '-i': plainName, '-V': word, '-g': lldptoolScope } }, args);
  if (typeof p === 'string') return p;
  const verbs = p.options.filter((o) => o.name === '-S' || o.name === '-t' || o.name === '-l').length;
  const [first, ...rest] = p.operands;
  const verbWord = first !== undefined && LLDPTOOL_READS.has(first);
  if (verbs + (verbWord ? 1 : 0) !== 1) return 'exactly one reading command: get-lldp (-l), get-tlv (-t) or stats (-S)';
  if (!p.options.some((o) => o.name === '-i')) return 'needs -i IFACE';
  return each((v) => (/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(v) ? null : `"${v}" is not an lldptool argument name (ARG=VALUE sets it)`))(verbWord ? rest : p.operands);
};

// Reasons several programs share.
const WHY_PRINTS_FILES = t(
  'Prints the files named; a read-only open changes nothing. FILE excludes devices, secrets, /proc links to other files and reads that consume.',
  '打印指定文件的内容；以只读方式打开不会改变任何东西。FILE 不包括设备、机密文件、指向其他文件的 /proc 链接以及读取即被消费的文件。',
);
const WHY_USPHERE_LISTPORTS = t(
  'Usphere\'s own topology printer (guide 3.6.1): reads OVS and libvirt state.',
  'Usphere 自带的拓扑打印工具（指导 3.6.1）：读取 OVS 和 libvirt 的状态。',
);

// Alarms and platform suite (guide 3.7, 3.8).
/**
 * RabbitMQ's Erlang cookie is a secret (the cluster's shared password) and
 * no program reads it. Its metadata is evidence (guide 3.8.1: an empty
 * cookie is "Too short cookie string", a wrong owner or mode stops the
 * broker): `stat` of exactly this file is allowed; stat prints inode data only.
 */
export const ERLANG_COOKIE = '/var/lib/rabbitmq/.erlang.cookie';
const statPath: ValueRule = (v) => (normalPath(v) === ERLANG_COOKIE ? null : inspectedPath(v));

export const READ_ONLY_PROGRAMS: Readonly<Record<string, ProgramRule>> = {
  // files and directories
  'cat': {
    rule: options({ dashDash: true, operands: each(readableFile, 1) }),
    shape: literal('cat [--] FILE...'),
    why: WHY_PRINTS_FILES,
  },
  'head': {
    rule: headTail(false), filter: headTail(true),
    shape: t('head [-n|-c COUNT] [--] FILE...; as a filter: head [-n|-c COUNT]', 'head [-n|-c COUNT] [--] FILE...；作为过滤器：head [-n|-c COUNT]'),
    why: t('Prints the first lines or bytes of files, or of standard input.', '打印文件或标准输入的前若干行或字节。'),
  },
  'tail': {
    rule: headTail(false), filter: headTail(true),
    shape: t('tail [-n|-c COUNT] [--] FILE...; as a filter: tail [-n|-c COUNT]', 'tail [-n|-c COUNT] [--] FILE...；作为过滤器：tail [-n|-c COUNT]'),
    why: t('Prints the last lines or bytes. Never -f/-F: following a file never ends.', '打印最后若干行或字节。不允许 -f/-F：跟踪文件永远不会结束。'),
  },
  'grep': {
    rule: grepRule(false), filter: grepRule(true),
    shape: t(
      'grep [OPTIONS] (PATTERN | -e PATTERN...) [--] FILE...; as a filter: the same without FILE',
      'grep [OPTIONS] (PATTERN | -e PATTERN...) [--] FILE...；作为过滤器：同上但不带 FILE',
    ),
    why: t(
      'Prints matching lines. Patterns and files are told apart exactly as getopt does (-eX, --regexp=X, several -e, --), so every file grep opens is checked as a FILE; never -r, -f or -d.',
      '打印匹配的行。模式与文件的区分与 getopt 完全一致（-eX、--regexp=X、多个 -e、--），因此 grep 打开的每个文件都按 FILE 检查；不允许 -r、-f、-d。',
    ),
  },
  'ls': {
    rule: options({ flags: ['-l', '-d', '-a', '-A', '-n', '-L', '-i', '-h', '-1', '-t', '-r', '--full-time'], valued: { '--time-style': word }, dashDash: true, operands: each(inspectedPath, 1) }),
    shape: literal('ls [OPTIONS] [--] PATH...'),
    why: t('Lists names and attributes; opens no file to read it.', '列出名称和属性；不打开任何文件读取内容。'),
  },
  'stat': {
    rule: options({ flags: ['-L', '-t'], valued: { '-c': anyValue, '--format': anyValue, '--printf': anyValue }, dashDash: true, operands: each(statPath, 1) }),
    shape: literal('stat [-L] [-t] [-c|--format|--printf FORMAT] [--] PATH...'),
    why: t(
      'Prints inode data (size, times, owner); reads no content. The one secret it may name is RabbitMQ\'s Erlang cookie, /var/lib/rabbitmq/.erlang.cookie (guide 3.8.1: its size and owner show the "Too short cookie string" failure); every program that reads content is still refused it.',
      '打印 inode 信息（大小、时间、属主）；不读取内容。唯一允许指定的机密文件是 RabbitMQ 的 Erlang cookie /var/lib/rabbitmq/.erlang.cookie（指南 3.8.1：其大小和属主可以说明 "Too short cookie string" 故障）；所有读取内容的程序仍然不能读它。',
    ),
  },
  'readlink': {
    rule: options({ flags: ['-f', '-e', '-m', '-n'], dashDash: true, operands: each(inspectedPath, 1) }),
    shape: literal('readlink [-f|-e|-m|-n] [--] PATH...'),
    why: t('Prints where a link points (readlink /proc/PID/exe: where a process\'s program lives); reads no content.', '打印链接指向的位置（readlink /proc/PID/exe：进程程序所在位置）；不读取内容。'),
  },
  // the first bytes of a qcow2 image, to read its header
  'od': {
    rule: options({ valued: { '-A': oneOf('d', 'x', 'o', 'n'), '-t': oneOf('x1', 'x2', 'x4', 'x8', 'u1', 'u2', 'u4', 'u8', 'c'), '-N': integer, '-j': integer }, optional: { '-w': integer }, flags: ['-v'], dashDash: true, operands: each(imageFile, 1, 1) }),
    shape: literal('od [-A d|x|o|n] [-t TYPE] [-N BYTES] [-j BYTES] [-wBYTES] [-v] [--] IMAGE'),
    why: t('Dumps the first bytes of a disk image (the qcow2 header). IMAGE is never a device, /proc, /sys or a secret.', '转储磁盘镜像开头的字节（qcow2 头）。IMAGE 不能是设备、/proc、/sys 或机密文件。'),
  },
  // rotated logs (syslog.2.gz): decompressed to standard output, then filtered
  'zcat': {
    rule: options({ flags: ['-f'], dashDash: true, operands: each(readableFile, 1, 1) }),
    shape: literal('zcat [-f] [--] FILE'),
    why: t('Decompresses a rotated log to standard output; the .gz file stays as it is.', '将轮转的日志解压到标准输出；.gz 文件保持不变。'),
  },
  'wc': {
    rule: options({ flags: ['-l', '-c', '-w'], dashDash: true, operands: each(readableFile, 1) }), filter: options({ flags: ['-l', '-c', '-w'] }),
    shape: t('wc [-l|-c|-w] [--] FILE...; as a filter: wc [-l|-c|-w]', 'wc [-l|-c|-w] [--] FILE...；作为过滤器：wc [-l|-c|-w]'),
    why: t('Counts lines, words or bytes.', '统计行数、单词数或字节数。'),
  },
  'sort': {
    rule: () => 'sort only as a filter', filter: options({ flags: ['-n', '-r', '-u', '-k1', '-h', '-V'] }),
    shape: t('as a filter only: sort [-n|-r|-u|-k1|-h|-V]', '只能作为过滤器：sort [-n|-r|-u|-k1|-h|-V]'),
    why: t('Sorts standard input to standard output; never -o (it writes a file).', '将标准输入排序后写到标准输出；不允许 -o（会写文件）。'),
  },
  'uniq': {
    rule: () => 'uniq only as a filter', filter: options({ flags: ['-c', '-d', '-u'] }),
    shape: t('as a filter only: uniq [-c|-d|-u]', '只能作为过滤器：uniq [-c|-d|-u]'),
    why: t('Collapses repeated lines of standard input; never an output file.', '合并标准输入中重复的行；不允许指定输出文件。'),
  },

  // filesystems, storage
  'df': {
    rule: options({ flags: ['-P', '-h', '-T', '-k', '-i', '-l', '-a'], valued: { '-x': word, '-t': word }, dashDash: true, operands: each(mountPath) }),
    shape: literal('df [OPTIONS] [--] [MOUNT...]'),
    why: t(
      'Reports file system usage. A df that hangs is the evidence of a blocked pool; the host-side timeout ends it. df opens each operand, so only block devices under /dev.',
      '报告文件系统使用情况。df 挂起本身就是存储池阻塞的证据，主机端超时会结束它。df 会打开每个参数，因此 /dev 下只允许块设备。',
    ),
  },
  'mount': {
    rule: options({ flags: ['-l'], valued: { '-t': word } }),
    shape: literal('mount [-l] [-t TYPE]'),
    why: t('Without a device or mount point, mount only lists what is mounted.', '不带设备或挂载点时，mount 只列出已挂载的文件系统。'),
  },
  'findmnt': {
    rule: options({ flags: ['-n', '-l', '-J', '-P', '-r', '-D'], valued: { '-t': word, '-o': word, '--types': word, '--output': word }, dashDash: true, operands: each(mountPath, 0, 1) }),
    shape: literal('findmnt [OPTIONS] [--] [MOUNT]'),
    why: t('Lists mounts from /proc/self/mountinfo.', '从 /proc/self/mountinfo 列出挂载信息。'),
  },
  'debugfs.ocfs2': {
    rule: options({ valued: { '-R': debugfsRequest, '--request': debugfsRequest }, operands: each(devicePath, 1, 1), check: requireOption(['-R', '--request'], 'only with -R REQUEST: without it debugfs.ocfs2 reads requests from standard input') }),
    shape: t(
      'debugfs.ocfs2 -R REQUEST DEVICE, REQUEST one of: fs_locks [-B] [-l], dlm_locks [-l] LOCK..., stats [-h], slotmap, net_stats, stat_sysdir',
      'debugfs.ocfs2 -R REQUEST DEVICE，REQUEST 为以下之一：fs_locks [-B] [-l]、dlm_locks [-l] LOCK...、stats [-h]、slotmap、net_stats、stat_sysdir',
    ),
    why: t(
      'Opens the device read-only (never -w) and runs one reading request; without -R it would read requests from standard input.',
      '以只读方式打开设备（不允许 -w）并执行一个读取请求；没有 -R 时它会从标准输入读取请求。',
    ),
  },
  'mounted.ocfs2': {
    rule: options({ flags: ['-d', '-f'], operands: each(devicePath, 0, 1) }),
    shape: literal('mounted.ocfs2 [-d|-f] [DEVICE]'),
    why: t('Reads OCFS2 super blocks and heartbeat to list the nodes that mount each volume.', '读取 OCFS2 超级块和心跳，列出挂载各卷的节点。'),
  },
  'o2cb': {
    rule: subcommands({}, { 'cluster-status': each(word, 0, 1), 'list-clusters': noArgs, 'list-cluster': each(word, 1, 1), 'list-nodes': each(word, 1, 1), 'list-heartbeats': each(word, 1, 1) }),
    shape: literal('o2cb cluster-status [NAME] | list-clusters | list-cluster NAME | list-nodes NAME | list-heartbeats NAME'),
    why: t('Prints the O2CB cluster configuration and state; no register, start, stop or add verbs.', '打印 O2CB 集群配置和状态；不允许 register、start、stop、add 等动作。'),
  },
  // bare `multipath` (and -r, -F, -w...) rebuilds or flushes maps; only list them
  'multipath': {
    rule: options({ flags: ['-ll', '-l'], valued: { '-v': oneOf('0', '1', '2', '3', '4') }, operands: none, check: requireOption(['-ll', '-l'], 'only "multipath -ll" / "multipath -l" list maps') }),
    shape: literal('multipath -ll|-l [-v 0-4]'),
    why: t('Only lists maps: without -l/-ll multipath rebuilds them, -F/-f flush them.', '只列出多路径映射：不带 -l/-ll 会重建映射，-F/-f 会清除映射。'),
  },
  'multipathd': {
    rule: (args) => (args[0] === 'show' && args.length >= 2 && args.length <= 4 && args.slice(1).every((a) => /^[a-z]+$/.test(a)) ? null : 'only "multipathd show ..."'),
    shape: t('multipathd show WORD [WORD [WORD]] (lowercase words)', 'multipathd show WORD [WORD [WORD]]（小写单词）'),
    why: t('Asks the running daemon to show its state; only the show verb (bare multipathd starts a daemon).', '请求运行中的守护进程显示状态；只允许 show（单独运行 multipathd 会启动守护进程）。'),
  },
  'iscsiadm': {
    rule: options({ valued: { '-m': oneOf('session', 'node', 'iface'), '--mode': oneOf('session', 'node', 'iface'), '-P': oneOf('0', '1', '2', '3'), '--print': oneOf('0', '1', '2', '3') } }),
    shape: literal('iscsiadm -m session|node|iface [-P 0-3]'),
    why: t('Prints sessions, node records or interfaces; no -o, login, logout, discovery or rescan.', '打印会话、节点记录或接口；不允许 -o、登录、登出、发现或重新扫描。'),
  },
  'iostat': {
    rule: options({ flags: ['-x', '-k', '-m', '-d', '-t', '-y', '-N', '-z', '-c'], valued: { '-p': word, '-o': oneOf('JSON') }, operands: each(integer, 0, 2) }),
    shape: literal('iostat [OPTIONS] [INTERVAL [COUNT]]'),
    why: t('Reads /proc/diskstats.', '读取 /proc/diskstats。'),
  },
  'dmsetup': {
    rule: subcommands({}, { 'ls': options({ flags: ['--tree'], valued: { '-o': word } }), 'deps': options({ valued: { '-o': word }, operands: each(word, 0, 1) }), 'info': options({ flags: ['-c'], valued: { '-o': word }, operands: each(word, 0, 1) }), 'status': options({ operands: each(word, 0, 1) }) }),
    shape: literal('dmsetup ls [--tree] | deps [NAME] | info [-c] [NAME] | status [NAME]'),
    why: t('Prints the state of device-mapper devices; never table (it can print keys), remove, suspend, reload or message.', '打印 device-mapper 设备的状态；不允许 table（可能打印密钥）、remove、suspend、reload、message。'),
  },
  'lsscsi': {
    rule: options({ flags: ['-i', '-s', '-g', '-t', '-l'] }),
    shape: literal('lsscsi [-i|-s|-g|-t|-l]'),
    why: t('Lists SCSI devices from sysfs.', '从 sysfs 列出 SCSI 设备。'),
  },
  // only the --get* queries; every other blockdev option changes the device
  'blockdev': {
    rule: (args) => (args.length === 2 && /^--get(size64|ro|ss|pbsz|bsz|sz)$/.test(args[0]!) ? devicePath(args[1]!) : 'only "blockdev --getsize64|--getro|--getss DEVICE"'),
    shape: literal('blockdev --getsize64|--getro|--getss|--getpbsz|--getbsz|--getsz DEVICE'),
    why: t('Only the --get queries (ioctls that read); every other blockdev option changes the device.', '只允许 --get 查询（只读的 ioctl）；blockdev 的其他选项都会改变设备。'),
  },
  'lsblk': {
    rule: options({ flags: ['-n', '-d', '-J', '-P', '-r', '-a', '-b', '-s', '-S'], valued: { '-o': word, '--output': word }, dashDash: true, operands: each(devicePath) }),
    shape: literal('lsblk [OPTIONS] [--] [DEVICE...]'),
    why: t('Lists block devices from sysfs and udev.', '从 sysfs 和 udev 列出块设备。'),
  },
  'fdisk': {
    rule: options({ flags: ['-l'], dashDash: true, operands: each(devicePath), check: requireOption(['-l'], 'only "fdisk -l": without -l fdisk reads commands from standard input') }),
    shape: literal('fdisk -l [--] [DEVICE...]'),
    why: t(
      'Only -l, which lists partition tables; without it fdisk is interactive and reads commands (w writes the table) from standard input.',
      '只允许 -l 列出分区表；不带 -l 时 fdisk 进入交互模式，从标准输入读取命令（w 会写入分区表）。',
    ),
  },
  'qemu-img': {
    rule: subcommands({ flags: ['--version', '-V'] }, {
      'info': options({ flags: ['-U', '--force-share', '--backing-chain'], valued: { '-f': imageFormat, '--output': oneOf('json', 'human') }, dashDash: true, operands: each(imagePath, 1, 1) }),
      // never -r/--repair: check only reports
      'check': options({ flags: ['-U', '--force-share', '-q'], valued: { '-f': imageFormat, '--output': oneOf('json', 'human') }, dashDash: true, operands: each(imagePath, 1, 1) }),
      // without -l, qemu-img snapshot opens the image read-write (and -a/-c/-d change it)
      'snapshot': options({ flags: ['-l', '-U', '--force-share'], valued: { '-f': imageFormat }, dashDash: true, operands: each(imagePath, 1, 1), check: requireOption(['-l'], 'only "qemu-img snapshot -l": without -l the image is opened read-write') }),
    }),
    shape: t(
      'qemu-img info [-U] [--backing-chain] [-f FORMAT] [--output json|human] IMAGE | check [-U] [-q] [-f FORMAT] [--output json|human] IMAGE | snapshot -l [-U] [-f FORMAT] IMAGE; FORMAT one of qcow2 raw qed vmdk vpc vhdx vdi',
      'qemu-img info [-U] [--backing-chain] [-f FORMAT] [--output json|human] IMAGE | check [-U] [-q] [-f FORMAT] [--output json|human] IMAGE | snapshot -l [-U] [-f FORMAT] IMAGE；FORMAT 为 qcow2 raw qed vmdk vpc vhdx vdi 之一',
    ),
    why: t(
      'info and check open the image read-only (check never with -r); snapshot only with -l, because without it qemu-img opens the image read-write.',
      'info 和 check 以只读方式打开镜像（check 不允许 -r）；snapshot 必须带 -l，否则 qemu-img 会以读写方式打开镜像。',
    ),
  },

  // processes, kernel
  // ps only reads /proc; BSD-style words (aux, axo FORMAT) are operands
  'ps': {
    rule: options({ flags: ['-e', '-A', '-f', '-F', '-l', '-L', '-T', '-w', '-ww', '-H', '--no-headers'], valued: { '-o': psFormat, '-p': pidList, '--pid': pidList, '-C': word, '--ppid': pidList, '--sort': word }, operands: psOperands }),
    shape: literal('ps [OPTIONS] [BSD-WORD [FORMAT]]'),
    why: t('Reads /proc. A BSD word (aux, axo FORMAT) never has e, which prints every process\'s environment.', '读取 /proc。BSD 风格参数（aux、axo FORMAT）不能含 e，否则会打印每个进程的环境变量。'),
  },
  'top': {
    rule: options({ flags: ['-b', '-c', '-H', '-i'], valued: { '-n': integer, '-p': pidList, '-w': integer, '-d': word, '-o': word, '-E': oneOf('k', 'm', 'g') }, check: requireOption(['-b'], 'top needs -b (batch mode)') }),
    shape: literal('top -b [-n N] [-d SECS] [-p PIDS] [OPTIONS]'),
    why: t('Batch mode only: prints and exits after -n rounds (or at the host-side timeout); interactive top reads keys.', '只允许批处理模式：打印后在 -n 轮（或主机端超时）后退出；交互模式会读取按键。'),
  },
  'pgrep': {
    rule: options({ flags: ['-a', '-l', '-f', '-x'], operands: each(anyValue, 1, 1) }),
    shape: literal('pgrep [-a|-l|-f|-x] PATTERN'),
    why: t('Lists matching processes (pkill is another program).', '列出匹配的进程（pkill 是另一个程序）。'),
  },
  'dmesg': {
    rule: options({ flags: ['-T', '-k', '-x', '-t', '--ctime', '--kernel', '--nopager', '--color=never'], valued: { '-l': word, '--level': word, '--time-format': oneOf('iso', 'ctime', 'reltime', 'delta', 'notime'), '-f': word, '--facility': word } }),
    shape: literal('dmesg [-T|-k|-x|-t] [-l LEVEL] [-f FACILITY] [--time-format FORMAT]'),
    why: t('Reads the kernel ring buffer without clearing it (never -c, -C, -D, -E, -n or -w).', '读取内核环形缓冲区但不清除（不允许 -c、-C、-D、-E、-n、-w）。'),
  },
  'journalctl': {
    rule: options({
      flags: ['--no-pager', '-k', '--dmesg', '-q', '--quiet', '-r', '--reverse', '-a', '--all', '--list-boots', '--utc', '-x'],
      valued: { '-u': word, '--unit': word, '-n': integer, '--lines': integer, '-b': word, '--boot': word, '--since': anyValue, '-S': anyValue, '--until': anyValue, '-U': anyValue, '-o': oneOf('short', 'short-iso', 'short-precise', 'short-full', 'cat', 'json'), '--output': oneOf('short', 'short-iso', 'short-precise', 'short-full', 'cat', 'json'), '-p': word, '--priority': word, '-g': anyValue, '--grep': anyValue, '-t': word, '--identifier': word },
    }),
    shape: literal('journalctl [OPTIONS]'),
    why: t('Reads this host\'s journal; never --vacuum, --rotate, --flush or -f, nor --file, -D, -M or -H.', '读取本机日志；不允许 --vacuum、--rotate、--flush、-f，也不允许 --file、-D、-M、-H。'),
  },
  'last': {
    rule: options({ flags: ['-x', '-F', '-w', '--fulltimes', '-i', '--ip'], valued: { '-n': integer, '-f': readableFile, '--time-format': oneOf('iso', 'full', 'short', 'notime') }, operands: each(oneOf('reboot', 'shutdown', 'root')) }),
    shape: literal('last [-x|-F|-w|-i] [-n N] [-f FILE] [--time-format FORMAT] [reboot|shutdown|root]...'),
    why: t('Reads the login records (wtmp).', '读取登录记录（wtmp）。'),
  },
  'sysctl': {
    rule: options({ flags: ['-n', '-a', '-e', '-N'], operands: each(sysctlKey) }),
    shape: literal('sysctl [-n|-a|-e|-N] [KEY...]'),
    why: t('Reads /proc/sys. A KEY has no = (that would write) and no .. .', '读取 /proc/sys。KEY 不能含 =（那会写入），也不能含 ..。'),
  },
  'uptime': {
    rule: options({ flags: ['-s', '-p'] }),
    shape: literal('uptime [-s|-p]'),
    why: t('Prints uptime and load.', '打印运行时间和负载。'),
  },
  'date': {
    rule: options({ flags: ['-u', '-R', '--utc', '--iso-8601=seconds', '--rfc-3339=seconds'], operands: each((v) => (v.startsWith('+') && !/[\0\n]/.test(v) ? null : 'date only prints (+FORMAT); an operand would set the clock'), 0, 1) }),
    shape: literal('date [-u|-R|--utc|--iso-8601=seconds|--rfc-3339=seconds] [+FORMAT]'),
    why: t('Prints the clock; an operand without + would set it.', '打印时间；不以 + 开头的参数会设置时间。'),
  },
  'hostname': {
    rule: options({ flags: ['-f', '-s', '-I', '-i', '--fqdn', '--short', '--all-ip-addresses'] }),
    shape: literal('hostname [-f|-s|-I|-i|--fqdn|--short|--all-ip-addresses]'),
    why: t('Prints the host name; an operand would set it.', '打印主机名；带参数会设置主机名。'),
  },
  'uname': {
    rule: options({ flags: ['-a', '-r', '-n', '-m', '-s', '-v'] }),
    shape: literal('uname [-a|-r|-n|-m|-s|-v]'),
    why: t('Prints the kernel and machine names.', '打印内核和机器信息。'),
  },
  'nproc': {
    rule: noArgs,
    shape: literal('nproc'),
    why: t('Prints the number of CPUs.', '打印 CPU 数量。'),
  },
  'free': {
    rule: options({ flags: ['-b', '-k', '-m', '-g', '-h', '-w', '-t', '--mebi', '--kibi'] }),
    shape: literal('free [-b|-k|-m|-g|-h|--mebi|--kibi] [-w] [-t]'),
    why: t('Reads /proc/meminfo.', '读取 /proc/meminfo。'),
  },
  'lscpu': {
    rule: options({ flags: ['-J', '-e', '-p'] }),
    shape: literal('lscpu [-J|-e|-p]'),
    why: t('Reads CPU information from /proc and sysfs.', '从 /proc 和 sysfs 读取 CPU 信息。'),
  },
  'lsusb': {
    rule: options({ flags: ['-t', '-v'], valued: { '-s': word, '-d': word } }),
    shape: literal('lsusb [-t] [-v] [-s BUS:DEV] [-d VENDOR:PRODUCT]'),
    why: t('Lists USB devices.', '列出 USB 设备。'),
  },
  'lspci': {
    rule: options({ flags: ['-k', '-nn', '-n', '-v', '-vv', '-D', '-mm'], valued: { '-s': word, '-d': word } }),
    shape: literal('lspci [-k|-nn|-n|-v|-vv|-D|-mm] [-s SLOT] [-d ID]'),
    why: t('Lists PCI devices through sysfs; never -H (direct hardware access), -F or -O.', '通过 sysfs 列出 PCI 设备；不允许 -H（直接访问硬件）、-F、-O。'),
  },
  'timedatectl': {
    rule: (args) => (args.length === 0 || (args.length === 1 && ['status', 'show', 'timesync-status'].includes(args[0]!)) ? null : 'only timedatectl status/show'),
    shape: literal('timedatectl [status|show|timesync-status]'),
    why: t('Prints clock and NTP state; the set-* verbs are refused.', '打印时钟和 NTP 状态；拒绝 set-* 等动作。'),
  },
  'which': {
    rule: options({ flags: ['-a'], operands: each(word, 1) }),
    shape: literal('which [-a] NAME...'),
    why: t('Looks programs up in PATH.', '在 PATH 中查找程序。'),
  },
  'id': {
    rule: options({ flags: ['-u', '-n', '-g', '-G'], operands: each(word, 0, 1) }),
    shape: literal('id [-u|-n|-g|-G] [USER]'),
    why: t('Prints user and group ids.', '打印用户和组 ID。'),
  },
  'crontab': {
    rule: options({ flags: ['-l'], valued: { '-u': plainName }, check: requireOption(['-l'], 'only "crontab -l": without -l crontab installs a table read from standard input') }),
    shape: literal('crontab -l [-u USER]'),
    why: t(
      'Only -l, which lists a table; without it crontab reads a new table from standard input and installs it (-e edits, -r removes).',
      '只允许 -l 列出任务表；不带 -l 时 crontab 会从标准输入读取新表并安装（-e 编辑，-r 删除）。',
    ),
  },
  // `mcelog` alone drains /dev/mcelog; only ask the running daemon
  'mcelog': {
    rule: (args) => (args.length === 1 && args[0] === '--client' ? null : 'only "mcelog --client"'),
    shape: literal('mcelog --client'),
    why: t('Asks the running daemon; mcelog alone drains /dev/mcelog, taking the records from the daemon.', '向运行中的守护进程查询；单独运行 mcelog 会取走 /dev/mcelog 中的记录，守护进程就再也看不到。'),
  },

  // services
  'systemctl': {
    rule: subcommands({ flags: ['--no-pager', '-l', '--full', '--plain', '--no-legend', '-q', '--all'] }, { 'status': systemctlRead, 'is-active': systemctlRead, 'is-enabled': systemctlRead, 'is-failed': systemctlRead, 'show': systemctlRead, 'list-units': systemctlRead, 'list-timers': systemctlRead }),
    shape: literal('systemctl [OPTIONS] status|is-active|is-enabled|is-failed|show|list-units|list-timers [OPTIONS] [NAME...]'),
    why: t('Queries systemd; no start, stop, restart, enable... verbs, and no -H or -M (another host or container).', '查询 systemd；不允许 start、stop、restart、enable 等动作，也不允许 -H 或 -M（其他主机或容器）。'),
  },
  'service': {
    rule: (args) => (args.length === 2 && serviceName(args[0]!) === null && args[1] === 'status') || (args.length === 1 && args[0] === '--status-all') ? null : 'only "service NAME status" or "service --status-all"',
    shape: literal('service NAME status | service --status-all'),
    why: t('Runs only the status action of init scripts; NAME is a name, never a path (service runs /etc/init.d/NAME).', '只执行 init 脚本的 status 动作；NAME 只能是名称，不能是路径（service 会执行 /etc/init.d/NAME）。'),
  },
  'rabbitmqctl': {
    rule: subcommands({ flags: ['-q', '--quiet'], valued: { '-n': localNode, '--node': localNode, '--formatter': oneOf('json', 'table') } }, { 'status': noArgs, 'cluster_status': noArgs, 'list_users': noArgs, 'list_vhosts': noArgs, 'list_permissions': options({ valued: { '-p': word } }) }),
    shape: literal('rabbitmqctl [-q] [-n NODE] [--formatter json|table] status|cluster_status|list_users|list_vhosts|list_permissions [-p VHOST]'),
    why: t('Queries the broker; NODE has no @host, so only the broker on this host is asked.', '查询消息代理；NODE 不带 @主机，因此只会查询本机的代理。'),
  },

  // network
  'ip': {
    rule: ip,
    shape: t(
      'ip [-s|-d|-o|-4|-6|-j|-p|-br|-c=never...] link|addr|route|neigh|rule|maddr [show|list|ls [ARGS]]; ip route get ADDRESS',
      'ip [-s|-d|-o|-4|-6|-j|-p|-br|-c=never...] link|addr|route|neigh|rule|maddr [show|list|ls [ARGS]]；ip route get ADDRESS',
    ),
    why: t(
      'Only show/list, and route get (a lookup that sends nothing); add, del, set and flush change the host; never -b/-batch, -force or -n (another namespace).',
      '只允许 show/list，以及 route get（只查路由，不发送数据）；add、del、set、flush 会改变主机；不允许 -b/-batch、-force、-n（其他命名空间）。',
    ),
  },
  'ifconfig': {
    rule: (args) => (args.length === 0 || (args.length === 1 && (args[0] === '-a' || word(args[0]!) === null)) ? null : 'only "ifconfig [-a|IFACE]"'),
    shape: literal('ifconfig [-a | IFACE]'),
    why: t('With at most one interface ifconfig only prints; more arguments would configure it.', '最多给出一个接口时 ifconfig 只打印；更多参数会修改配置。'),
  },
  'ethtool': {
    rule: ethtool,
    shape: literal('ethtool IFACE | ethtool -i|-S|-k|-g|-a|-c|-l|-m|-T|-P|--show-priv-flags IFACE'),
    why: t('The show options only; -s, -G, -K and the others change the NIC.', '只允许显示类选项；-s、-G、-K 等其他选项会修改网卡。'),
  },
  'netstat': {
    rule: options({ flags: ['-a', '-t', '-u', '-n', '-p', '-l', '-e', '-o', '-w', '-x', '-s', '-i', '-r', '-W'] }),
    shape: literal('netstat [-atunpleowxsirW]'),
    why: t('Reads /proc/net; never -c (it never ends).', '读取 /proc/net；不允许 -c（永不结束）。'),
  },
  // never -K (kills sockets) or -D (dumps to a file)
  'ss': {
    rule: options({ flags: ['-t', '-u', '-a', '-n', '-p', '-l', '-e', '-o', '-i', '-m', '-s', '-H', '-4', '-6', '-w', '-x'], operands: each(word, 0, 2) }),
    shape: literal('ss [-tuanpleoimsH46wx] [FILTER]'),
    why: t('Queries sockets through netlink; never -K (kills sockets) or -D (writes a file).', '通过 netlink 查询套接字；不允许 -K（关闭套接字）或 -D（写文件）。'),
  },
  'iptables': {
    rule: options({ flags: ['-L', '-S', '-n', '-v', '-x', '--line-numbers', '-w'], valued: { '-t': oneOf('filter') }, operands: each(word, 0, 1) }),
    shape: literal('iptables [-t filter] -L|-S [-n] [-v] [-x] [--line-numbers] [-w] [CHAIN]'),
    why: t(
      'Lists the rules of the filter table. Other tables are refused: listing a table that is not loaded loads its module, and nat starts connection tracking.',
      '列出 filter 表的规则。拒绝其他表：列出尚未加载的表会加载其内核模块，nat 还会启用连接跟踪。',
    ),
  },
  'iptables-save': {
    rule: options({ flags: ['-c'], valued: { '-t': oneOf('filter') } }),
    shape: literal('iptables-save [-c] [-t filter]'),
    why: t('Prints the loaded tables to standard output (never -f FILE); -t only filter, as for iptables.', '将已加载的表打印到标准输出（不允许 -f 文件）；与 iptables 一样，-t 只能是 filter。'),
  },
  'ovs-appctl': {
    rule: ovsAppctl,
    shape: literal(`ovs-appctl [-t DAEMON] [-T SECS] ${OVS_APPCTL_READS.join('|')} [-m] [ARG...]`),
    why: t('Only the show, list and dump commands of the OVS daemons\' control sockets.', '只允许 OVS 守护进程控制套接字的 show、list、dump 类命令。'),
  },
  'ovs-vsctl': {
    rule: ovsVsctl,
    shape: literal('ovs-vsctl [OPTIONS] show | list-br | list-ports BR | list-ifaces BR | port-to-br PORT | iface-to-br IFACE | list TABLE [RECORD] | get TABLE RECORD COLUMN | find TABLE CONDITION...'),
    why: t('Reads the OVS database; no set, add, del or -- (a second command), and no --db (another database).', '读取 OVS 数据库；不允许 set、add、del 或 --（第二条命令），也不允许 --db（其他数据库）。'),
  },
  'ovs-ofctl': {
    rule: ovsOfctl,
    shape: literal('ovs-ofctl [OPTIONS] show|dump-flows|dump-ports|dump-ports-desc|dump-tables|dump-groups|dump-desc|queue-stats BRIDGE [MATCH]'),
    why: t('Dumps a local bridge\'s OpenFlow state; BRIDGE is a name, never tcp:, ssl:, unix: or a path (another switch).', '转储本机网桥的 OpenFlow 状态；BRIDGE 只能是名称，不能是 tcp:、ssl:、unix: 或路径（其他交换机）。'),
  },
  'ovs-dpctl': {
    rule: subcommands({}, { 'show': each(word, 0, 1), 'dump-flows': options({ flags: ['-m'], operands: each(word, 0, 1) }) }),
    shape: literal('ovs-dpctl show [DP] | dump-flows [-m] [DP]'),
    why: t('Reads the kernel datapath.', '读取内核数据通路。'),
  },
  // Usphere's own topology printer (guide 3.6.1): reads OVS and libvirt state
  'ovs_dbg_listports': { rule: noArgs, shape: literal('ovs_dbg_listports'), why: WHY_USPHERE_LISTPORTS },
  '/opt/bin/ovs_dbg_listports': { rule: noArgs, shape: literal('/opt/bin/ovs_dbg_listports'), why: WHY_USPHERE_LISTPORTS },
  'virsh': {
    rule: virsh,
    shape: literal('virsh [-r] [-q] [-c qemu:///system|qemu:///session] list|dominfo|domstate|dumpxml|domblklist|domiflist|domblkstat|domifstat|domblkinfo|domjobinfo|domifaddr|dommemstat|vcpuinfo|domstats|nwfilter-list|nwfilter-dumpxml|net-list|pool-list|pool-info|pool-dumpxml|vol-list|snapshot-list|snapshot-info|snapshot-dumpxml|capabilities|nodeinfo|version|hostname|sysinfo [OPTIONS] [DOMAIN...]'),
    why: t(
      'Only query commands, over a connection to this host\'s libvirtd (no host part, no +ssh, +tcp or +tls); dumpxml never with --security-info.',
      '只允许查询类命令，且只连接本机的 libvirtd（不允许主机名、+ssh、+tcp 或 +tls）；dumpxml 不允许 --security-info。',
    ),
  },

  // compute suite (guide 3.4.8): the ciphers the local OpenSSH supports
  'ssh': {
    rule: (args) => (args.length === 2 && args[0] === '-Q' && args[1] === 'cipher' ? null : 'only "ssh -Q cipher": every other use of ssh opens a connection or reads keys'),
    shape: literal('ssh -Q cipher'),
    why: t(
      '-Q only queries the algorithms this OpenSSH build supports and exits: no destination, no connection, no configuration or key file read, nothing written. Any other argument list is refused: every other use of ssh opens a connection to another host.',
      '-Q 只查询本机 OpenSSH 支持的算法后即退出：没有目标主机、不建立连接、不读取配置或密钥文件、不写任何东西。其他任何参数都被拒绝：ssh 的其他用法都会连接到另一台主机。',
    ),
  },

  // network suite (guide 3.6.2-3.6.6): LLDP state (bond-lldp), duplicate-address probes (ip-conflict)
  'lldptool': {
    rule: lldptool,
    shape: literal('lldptool get-lldp|-l -i IFACE ARG... | get-tlv|-t -i IFACE [-n] [-V TLV] [-c [ARG...]] | stats|-S -i IFACE [-g nb|ncb|nntpmrb]'),
    why: t(
      'Asks the running lldpad over its control socket for the LLDP settings, local TLVs or counters of one interface. set-lldp, set-tlv (-L, -T), -d and ARG=VALUE (which set) are refused, and so is the command-less interactive mode. usdiag asks only while lldpad is already running: where lldpad is socket-activated, the query would start it.',
      '通过控制套接字向正在运行的 lldpad 查询某个接口的 LLDP 设置、本地 TLV 或计数。拒绝 set-lldp、set-tlv（-L、-T）、-d 以及 ARG=VALUE（这些会修改设置），也拒绝不带命令的交互模式。usdiag 只在 lldpad 已经运行时才查询：lldpad 由套接字激活的系统上，查询会把它启动起来。',
    ),
  },
  'arping': {
    rule: arping,
    active: true,
    shape: t(
      'arping -D -I IFACE -w SECONDS(1-10) [-c COUNT(1-5)] [-q] [-f] IPv4-ADDRESS; only with --active-probes',
      'arping -D -I IFACE -w SECONDS(1-10) [-c COUNT(1-5)] [-q] [-f] IPv4 地址；仅在指定 --active-probes 时',
    ),
    why: t(
      'Duplicate-address detection (iputils arping -D, RFC 5227 probe): a few ARP requests for one address from sender 0.0.0.0, ending at the deadline; a reply means another device owns the address. Nothing on the host changes: arping writes to a packet socket and the host\'s own ARP cache is untouched; receivers learn nothing from a 0.0.0.0 sender, so no neighbour\'s cache changes either. It does put packets on the LAN, so it runs only with --active-probes. Never -U or -A (unsolicited ARP rewrites neighbours\' caches), -s (a chosen sender) or -b.',
      '重复地址检测（iputils 的 arping -D，即 RFC 5227 探测）：以 0.0.0.0 为发送方地址，就一个地址发出几个 ARP 请求，到时限即结束；收到应答说明另有设备占用该地址。主机上不会有任何改变：arping 通过 packet 套接字发送，不触及本机 ARP 缓存；接收方不会从 0.0.0.0 发送方学习地址，因此也不会改变邻居的缓存。但它确实会在局域网上发出报文，所以只在指定 --active-probes 时运行。不允许 -U 或 -A（免费 ARP 会改写邻居的缓存）、-s（指定发送方地址）或 -b。',
    ),
  },
};

export function isReadOnlyProgram(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(READ_ONLY_PROGRAMS, name);
}

export { absolutePath };
