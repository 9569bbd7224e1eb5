/**
 * The programs usdiag may run on a host, and for each the argument shapes that
 * only read. Everything absent from this table is refused. When a check needs
 * a new command, it is added here, with the reason it cannot change the host.
 */
import {
  type ArgRule, type ValueRule, absolutePath, anyValue, count, devicePath, each, imagePath,
  inspectedPath, integer, noArgs, none, oneOf, options, readableFile, subcommands, word,
} from './argspec.js';

export interface ProgramRule {
  readonly rule: ArgRule;
  /** May be used as a later stage of a pipeline (reads standard input only). */
  readonly filter?: ArgRule;
}

const lockName: ValueRule = (v) => (/^[A-Za-z0-9$_.-]{1,64}$/.test(v) ? null : `"${v}" is not an OCFS2 lock name`);
const pidList: ValueRule = (v) => (/^\d{1,9}(,\d{1,9})*$/.test(v) ? null : `"${v}" is not a pid list`);
const psFormat: ValueRule = (v) => (/^[A-Za-z0-9_,:=%+-]{1,400}$/.test(v) ? null : `"${v}" is not a ps format`);
const grepPattern = anyValue;

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

function grepRule(stdinOnly: boolean): ArgRule {
  return (args) => {
    const hasE = args.some((a) => a === '-e' || a.startsWith('--regexp'));
    return options({
      ...grepOptions,
      dashDash: true,
      operands: (ops) => {
        const files = hasE ? ops : ops.slice(1);
        if (!hasE && ops.length === 0) return 'needs a pattern';
        if (stdinOnly) return files.length ? 'a filter stage reads standard input only' : null;
        return each(readableFile, 1)(files);
      },
    })(args);
  };
}

const headTail = (stdinOnly: boolean): ArgRule =>
  options({
    // no -f/-F: following a file never ends
    valued: { '-n': count, '--lines': count, '-c': count, '--bytes': count },
    dashDash: true,
    operands: stdinOnly ? none : each(readableFile, 1),
  });

const virshDomainCmd = (extraFlags: string[] = [], operands = each(anyValue, 1, 1)): ArgRule =>
  options({ flags: extraFlags, operands, dashDash: true });

const virsh = subcommands(
  { flags: ['-r', '--readonly', '-q', '--quiet'], valued: { '-c': word, '--connect': word } },
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

const ovsAppctl = subcommands(
  { valued: { '-t': word, '--target': word, '-T': integer, '--timeout': integer } },
  Object.fromEntries(
    [
      'bond/show', 'bond/list', 'lacp/show', 'lacp/show-stats', 'dpif/show', 'dpif/dump-flows',
      'dpctl/show', 'dpctl/dump-flows', 'fdb/show', 'fdb/stats-show', 'coverage/show', 'memory/show',
      'upcall/show', 'ofproto/list', 'cfm/show', 'bfd/show', 'version', 'dpif/show-dp-features',
    ].map((c) => [c, options({ flags: ['-m', '--more', '--names', '--no-names'], operands: each(word, 0, 3) })]),
  ),
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
  operands: each(word, 1, 2),
});
const ovsOfctl = subcommands(
  { flags: ['--names', '--no-names', '--no-stats'], valued: { '-O': word, '--protocols': word } },
  {
    'show': ofctlFlow, 'dump-flows': ofctlFlow, 'dump-ports': ofctlFlow, 'dump-ports-desc': ofctlFlow,
    'dump-tables': ofctlFlow, 'dump-groups': ofctlFlow, 'dump-desc': ofctlFlow, 'queue-stats': ofctlFlow,
  },
);

const ip = (args: readonly string[]): string | null => {
  let i = 0;
  const globalFlags = new Set(['-s', '-d', '-o', '-4', '-6', '-j', '-p', '-br', '-details', '-stats', '-statistics', '-brief', '-oneline']);
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    if (args[i] === '-c' || args[i] === '-color') {
      i++;
      if (args[i] !== 'never') return 'only -c never';
      continue;
    }
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

const ethtoolReadOptions = ['-i', '-S', '-k', '-g', '-a', '-c', '-l', '-m', '-T', '-P', '--driver', '--statistics', '--show-features', '--show-ring', '--show-pause', '--show-coalesce', '--show-channels', '--module-info', '--show-time-stamping', '--show-permaddr'];
const ethtool: ArgRule = (args) => {
  if (args.length === 1) return word(args[0]!);
  if (args.length === 2 && ethtoolReadOptions.includes(args[0]!)) return word(args[1]!);
  return 'only "ethtool IFACE" or a read option (-i -S -k -g -a -c -l -m -T -P) with one interface';
};

const systemctlRead = options({
  flags: ['--no-pager', '-l', '--full', '--plain', '--all', '-a', '--value', '--failed', '--no-legend', '-q', '--quiet'],
  valued: { '-n': integer, '--lines': integer, '-p': word, '--property': word, '--type': word, '-t': word, '--state': word },
  operands: each(word),
});

export const READ_ONLY_PROGRAMS: Readonly<Record<string, ProgramRule>> = {
  // files and directories
  'cat': { rule: options({ dashDash: true, operands: each(readableFile, 1) }) },
  'head': { rule: headTail(false), filter: headTail(true) },
  'tail': { rule: headTail(false), filter: headTail(true) },
  'grep': { rule: grepRule(false), filter: grepRule(true) },
  'ls': { rule: options({ flags: ['-l', '-d', '-a', '-A', '-n', '-L', '-i', '-h', '-1', '-t', '-r', '--full-time'], valued: { '--time-style': word }, dashDash: true, operands: each(inspectedPath, 1) }) },
  'stat': { rule: options({ flags: ['-L', '-t'], valued: { '-c': anyValue, '--format': anyValue, '--printf': anyValue }, dashDash: true, operands: each(inspectedPath, 1) }) },
  'readlink': { rule: options({ flags: ['-f', '-e', '-m', '-n'], dashDash: true, operands: each(inspectedPath, 1) }) },
  // the first bytes of a qcow2 image, to read its header
  'od': { rule: options({ valued: { '-A': oneOf('d', 'x', 'o', 'n'), '-t': oneOf('x1', 'x2', 'x4', 'x8', 'u1', 'u2', 'u4', 'u8', 'c'), '-N': integer, '-j': integer, '-w': integer }, flags: ['-v'], dashDash: true, operands: each(imagePath, 1, 1) }) },
  // rotated logs (syslog.2.gz): decompressed to standard output, then filtered
  'zcat': { rule: options({ flags: ['-f'], dashDash: true, operands: each(readableFile, 1, 1) }) },
  'wc': { rule: options({ flags: ['-l', '-c', '-w'], dashDash: true, operands: each(readableFile, 1) }), filter: options({ flags: ['-l', '-c', '-w'] }) },
  'sort': { rule: () => 'sort only as a filter', filter: options({ flags: ['-n', '-r', '-u', '-k1', '-h', '-V'] }) },
  'uniq': { rule: () => 'uniq only as a filter', filter: options({ flags: ['-c', '-d', '-u'] }) },

  // filesystems, storage
  'df': { rule: options({ flags: ['-P', '-h', '-T', '-k', '-i', '-l', '-a'], valued: { '-x': word, '-t': word }, dashDash: true, operands: each(inspectedPath) }) },
  'mount': { rule: options({ flags: ['-l'], valued: { '-t': word } }) },
  'findmnt': { rule: options({ flags: ['-n', '-l', '-J', '-P', '-r', '-D'], valued: { '-t': word, '-o': word, '--types': word, '--output': word }, dashDash: true, operands: each(inspectedPath, 0, 1) }) },
  'debugfs.ocfs2': { rule: options({ valued: { '-R': debugfsRequest, '--request': debugfsRequest }, operands: each(devicePath, 1, 1) }) },
  'mounted.ocfs2': { rule: options({ flags: ['-d', '-f'], operands: each(devicePath, 0, 1) }) },
  'o2cb': { rule: subcommands({}, { 'cluster-status': each(word, 0, 1), 'list-clusters': noArgs, 'list-cluster': each(word, 1, 1), 'list-nodes': each(word, 1, 1), 'list-heartbeats': each(word, 1, 1) }) },
  // bare `multipath` (and -r, -F, -w...) rebuilds or flushes maps; only list them
  'multipath': { rule: (args) => (args.includes('-ll') || args.includes('-l') ? options({ flags: ['-ll', '-l'], valued: { '-v': oneOf('0', '1', '2', '3', '4') }, operands: none })(args) : 'only "multipath -ll" / "multipath -l" list maps') },
  'multipathd': { rule: (args) => (args[0] === 'show' && args.length >= 2 && args.length <= 4 && args.slice(1).every((a) => /^[a-z]+$/.test(a)) ? null : 'only "multipathd show ..."') },
  'iscsiadm': { rule: options({ valued: { '-m': oneOf('session', 'node', 'iface'), '--mode': oneOf('session', 'node', 'iface'), '-P': oneOf('0', '1', '2', '3'), '--print': oneOf('0', '1', '2', '3') } }) },
  'iostat': { rule: options({ flags: ['-x', '-k', '-m', '-d', '-t', '-y', '-N', '-z', '-c'], valued: { '-p': word, '-o': oneOf('JSON') }, operands: each(integer, 0, 2) }) },
  'dmsetup': { rule: subcommands({}, { 'ls': options({ flags: ['--tree'], valued: { '-o': word } }), 'deps': options({ valued: { '-o': word }, operands: each(word, 0, 1) }), 'info': options({ flags: ['-c'], valued: { '-o': word }, operands: each(word, 0, 1) }), 'status': options({ operands: each(word, 0, 1) }) }) },
  'lsscsi': { rule: options({ flags: ['-i', '-s', '-g', '-t', '-l'] }) },
  // only the --get* queries; every other blockdev option changes the device
  'blockdev': { rule: (args) => (args.length === 2 && /^--get(size64|ro|ss|pbsz|bsz|sz)$/.test(args[0]!) ? devicePath(args[1]!) : 'only "blockdev --getsize64|--getro|--getss DEVICE"') },
  'lsblk': { rule: options({ flags: ['-n', '-d', '-J', '-P', '-r', '-a', '-b', '-s', '-S'], valued: { '-o': word, '--output': word }, dashDash: true, operands: each(devicePath) }) },
  'fdisk': { rule: options({ flags: ['-l'], dashDash: true, operands: each(devicePath) }) },
  'qemu-img': {
    rule: subcommands({ flags: ['--version', '-V'] }, {
      'info': options({ flags: ['-U', '--force-share', '--backing-chain'], valued: { '-f': word, '--output': oneOf('json', 'human') }, dashDash: true, operands: each(imagePath, 1, 1) }),
      // never -r/--repair: check only reports
      'check': options({ flags: ['-U', '--force-share', '-q'], valued: { '-f': word, '--output': oneOf('json', 'human') }, dashDash: true, operands: each(imagePath, 1, 1) }),
      'snapshot': options({ flags: ['-l', '-U', '--force-share'], valued: { '-f': word }, dashDash: true, operands: (ops) => each(imagePath, 1, 1)(ops) }),
    }),
  },

  // processes, kernel
  // ps only reads /proc; BSD-style words (aux, axo FORMAT) are operands
  'ps': { rule: options({ flags: ['-e', '-A', '-f', '-F', '-l', '-L', '-T', '-w', '-ww', '-H', '--no-headers'], valued: { '-o': psFormat, '-p': pidList, '--pid': pidList, '-C': word, '--ppid': pidList, '--sort': word }, operands: each(psFormat, 0, 2) }) },
  'top': { rule: (args) => (args.includes('-b') ? options({ flags: ['-b', '-c', '-H', '-i'], valued: { '-n': integer, '-p': pidList, '-w': integer, '-d': word, '-o': word, '-E': oneOf('k', 'm', 'g') } })(args) : 'top needs -b (batch mode)') },
  'pgrep': { rule: options({ flags: ['-a', '-l', '-f', '-x'], operands: each(anyValue, 1, 1) }) },
  'dmesg': { rule: options({ flags: ['-T', '-k', '-x', '-t', '--ctime', '--kernel', '--nopager', '--color=never'], valued: { '-l': word, '--level': word, '--time-format': oneOf('iso', 'ctime', 'reltime', 'delta', 'notime'), '-f': word, '--facility': word } }) },
  'journalctl': {
    rule: options({
      flags: ['--no-pager', '-k', '--dmesg', '-q', '--quiet', '-r', '--reverse', '-a', '--all', '--list-boots', '--utc', '-x'],
      valued: { '-u': word, '--unit': word, '-n': integer, '--lines': integer, '-b': word, '--boot': word, '--since': anyValue, '-S': anyValue, '--until': anyValue, '-U': anyValue, '-o': oneOf('short', 'short-iso', 'short-precise', 'short-full', 'cat', 'json'), '--output': oneOf('short', 'short-iso', 'short-precise', 'short-full', 'cat', 'json'), '-p': word, '--priority': word, '-g': anyValue, '--grep': anyValue, '-t': word, '--identifier': word },
    }),
  },
  'last': { rule: options({ flags: ['-x', '-F', '-w', '--fulltimes', '-i', '--ip'], valued: { '-n': integer, '-f': readableFile, '--time-format': oneOf('iso', 'full', 'short', 'notime') }, operands: each(oneOf('reboot', 'shutdown', 'root')) }) },
  'sysctl': { rule: options({ flags: ['-n', '-a', '-e', '-N'], operands: each((v) => (/^[a-z0-9_.\/-]+$/.test(v) ? null : `"${v}" is not a sysctl key`)) }) },
  'uptime': { rule: options({ flags: ['-s', '-p'] }) },
  'date': { rule: options({ flags: ['-u', '-R', '--utc', '--iso-8601=seconds', '--rfc-3339=seconds'], operands: each((v) => (v.startsWith('+') && !/[\0\n]/.test(v) ? null : 'date only prints (+FORMAT); an operand would set the clock'), 0, 1) }) },
  'hostname': { rule: options({ flags: ['-f', '-s', '-I', '-i', '--fqdn', '--short', '--all-ip-addresses'] }) },
  'uname': { rule: options({ flags: ['-a', '-r', '-n', '-m', '-s', '-v'] }) },
  'nproc': { rule: noArgs },
  'free': { rule: options({ flags: ['-b', '-k', '-m', '-g', '-h', '-w', '-t', '--mebi', '--kibi'] }) },
  'lscpu': { rule: options({ flags: ['-J', '-e', '-p'] }) },
  'lsusb': { rule: options({ flags: ['-t', '-v'], valued: { '-s': word, '-d': word } }) },
  'lspci': { rule: options({ flags: ['-k', '-nn', '-n', '-v', '-vv', '-D', '-mm'], valued: { '-s': word, '-d': word } }) },
  'timedatectl': { rule: (args) => (args.length === 0 || (args.length === 1 && ['status', 'show', 'timesync-status'].includes(args[0]!)) ? null : 'only timedatectl status/show') },
  'which': { rule: options({ flags: ['-a'], operands: each(word, 1) }) },
  'id': { rule: options({ flags: ['-u', '-n', '-g', '-G'], operands: each(word, 0, 1) }) },
  'crontab': { rule: options({ flags: ['-l'], valued: { '-u': word } }) },
  // `mcelog` alone drains /dev/mcelog; only ask the running daemon
  'mcelog': { rule: (args) => (args.length === 1 && args[0] === '--client' ? null : 'only "mcelog --client"') },

  // services
  'systemctl': { rule: subcommands({ flags: ['--no-pager', '-l', '--full', '--plain', '--no-legend', '-q', '--all'] }, { 'status': systemctlRead, 'is-active': systemctlRead, 'is-enabled': systemctlRead, 'is-failed': systemctlRead, 'show': systemctlRead, 'list-units': systemctlRead, 'list-timers': systemctlRead }) },
  'service': { rule: (args) => (args.length === 2 && word(args[0]!) === null && args[1] === 'status') || (args.length === 1 && args[0] === '--status-all') ? null : 'only "service NAME status" or "service --status-all"' },
  'rabbitmqctl': { rule: subcommands({ flags: ['-q', '--quiet'], valued: { '-n': word, '--node': word, '--formatter': oneOf('json', 'table') } }, { 'status': noArgs, 'cluster_status': noArgs, 'list_users': noArgs, 'list_vhosts': noArgs, 'list_permissions': options({ valued: { '-p': word } }) }) },

  // network
  'ip': { rule: ip },
  'ifconfig': { rule: (args) => (args.length === 0 || (args.length === 1 && (args[0] === '-a' || word(args[0]!) === null)) ? null : 'only "ifconfig [-a|IFACE]"') },
  'ethtool': { rule: ethtool },
  'netstat': { rule: options({ flags: ['-a', '-t', '-u', '-n', '-p', '-l', '-e', '-o', '-w', '-x', '-s', '-i', '-r', '-W'] }) },
  // never -K (kills sockets) or -D (dumps to a file)
  'ss': { rule: options({ flags: ['-t', '-u', '-a', '-n', '-p', '-l', '-e', '-o', '-i', '-m', '-s', '-H', '-4', '-6', '-w', '-x'], operands: each(word, 0, 2) }) },
  'iptables': { rule: options({ flags: ['-L', '-S', '-n', '-v', '-x', '--line-numbers', '-w'], valued: { '-t': oneOf('filter', 'nat', 'mangle', 'raw', 'security') }, operands: each(word, 0, 1) }) },
  'iptables-save': { rule: options({ flags: ['-c'], valued: { '-t': oneOf('filter', 'nat', 'mangle', 'raw', 'security') } }) },
  'ovs-appctl': { rule: ovsAppctl },
  'ovs-vsctl': { rule: ovsVsctl },
  'ovs-ofctl': { rule: ovsOfctl },
  'ovs-dpctl': { rule: subcommands({}, { 'show': each(word, 0, 1), 'dump-flows': options({ flags: ['-m'], operands: each(word, 0, 1) }) }) },
  // Usphere's own topology printer (guide 3.6.1): reads OVS and libvirt state
  'ovs_dbg_listports': { rule: noArgs },
  '/opt/bin/ovs_dbg_listports': { rule: noArgs },
  'virsh': { rule: virsh },
};

export function isReadOnlyProgram(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(READ_ONLY_PROGRAMS, name);
}

export { absolutePath };
