/**
 * An independent second opinion on what reached the simulated hosts: written
 * separately from the read-only policy (different tokenizer: shell-quote, and
 * a denylist instead of an allowlist), so a hole in one is caught by the other.
 * It never imports the policy. Paths are judged on every word that holds one,
 * whatever option it is attached to, after path.posix.normalize.
 */
import { posix } from 'node:path';
import { parse } from 'shell-quote';

const ALWAYS_FORBIDDEN = new Set([
  'rm', 'rmdir', 'mv', 'cp', 'dd', 'tee', 'truncate', 'shred', 'chown', 'chmod', 'chgrp', 'ln', 'touch', 'mkdir', 'install',
  'reboot', 'shutdown', 'poweroff', 'halt', 'init', 'telinit', 'kill', 'pkill', 'killall', 'umount', 'swapoff', 'swapon',
  'fsck', 'fsck.ocfs2', 'mkfs', 'mkfs.ocfs2', 'tunefs.ocfs2', 'mke2fs', 'parted', 'sfdisk', 'wipefs', 'qcow2.py',
  'sh', 'bash', 'dash', 'zsh', 'eval', 'exec', 'sudo', 'su', 'nohup', 'xargs', 'find', 'sed', 'awk', 'perl', 'python', 'python3',
  'modprobe', 'rmmod', 'insmod', 'sysctl -w', 'ifup', 'ifdown', 'ifenslave', 'brctl', 'tc', 'nft', 'iptables-restore',
  'crontab -r', 'passwd', 'useradd', 'usermod', 'chpasswd', 'hwclock', 'ntpdate', 'jstack', 'jmap', 'curl', 'wget', 'scp',
  'rabbitmq-server', 'rabbitmq-init.sh', 'set_cvk_port_flow.sh', 'set_cvm_port_flow.sh', 'check_network.sh', 'tcpdump',
]);

/** Words that, as any argument, mark a mutating sub-command of the programs we do run. */
const MUTATING_WORDS: Record<string, RegExp> = {
  'systemctl': /^(start|stop|restart|reload|enable|disable|mask|unmask|kill|isolate|daemon-reload|set-property|edit|-H|--host.*|-M|--machine.*)$/,
  // service runs /etc/init.d/NAME: a name with a slash runs something else
  'service': /^(start|stop|restart|reload|force-reload)$|\//,
  'virsh': /^(destroy|start|shutdown|reboot|reset|undefine|define|create|edit|suspend|resume|migrate|attach-.*|detach-.*|update-device|setmem|setvcpus|blkdeviotune|snapshot-create.*|snapshot-delete|snapshot-revert|nwfilter-define|nwfilter-undefine|pool-.*(start|destroy|delete|define|build)|vol-(delete|create.*|wipe|resize)|managedsave|save|restore|send-key|qemu-monitor-command|qemu-agent-command)$/,
  'ovs-vsctl': /^(set|add|remove|clear|create|destroy|del-.*|add-.*|set-.*|emer-reset|init|wait-until|--)$|^--db/,
  'ovs-appctl': /^(.*\/set.*|vlog\/.*|exit|fdb\/flush|bond\/enable-.*|bond\/disable-.*|ofproto\/trace.*|revalidator\/purge|dpctl\/(add|del|mod|flush).*)$/,
  'qemu-img': /^(-r|--repair|-r[a-z]*|commit|amend|resize|convert|create|rebase|bitmap|dd|measure|-a|-c|-d)$|vvfat/,
  // batch files, forced batches and other namespaces
  'ip': /^(set|add|del|delete|change|replace|flush|append|-b|-ba|-bat|-batc|-batch|-force|-n|-netns)$/,
  'ethtool': /^(-s|-G|-K|-A|-C|-L|-E|-f|-p|-r|-t|-W|-U|-N|-X|--change|--set-.*|--features|--offload|--identify|--negotiate|--test|--flash)$/,
  'multipath': /^(-F|-f|-r|-w|-W|-a|-u|-U|-c|-C)$/,
  'multipathd': /^(add|del|remove|resize|reconfigure|suspend|resume|reinstate|fail|disablequeueing|restorequeueing|shutdown)$/,
  'iscsiadm': /^(-o|--op|-l|--login|-u|--logout|-L|--loginall|-U|--logoutall|discovery|-R|--rescan)$/,
  'debugfs.ocfs2': /^-w$/,
  'mount': /^\/|^-o$|^--bind$|^-a$/,
  'date': /^(-s|--set)$|^\d{6,}/,
  'crontab': /^(-r|-e|-i|\/.*)$/,
  'sysctl': /\.\./,
  'iptables': /^(-A|-D|-I|-R|-F|-X|-P|-N|-E|-Z|--append|--delete|--insert|--replace|--flush|--policy)$|^(-t|--table=)?(nat|mangle|raw|security)$/,
  'iptables-save': /^(-f|--file)|^(-t|--table=)?(nat|mangle|raw|security)$/,
  // another switch, another database, another broker node
  'ovs-ofctl': /^(add-flow|add-flows|del-flows|mod-flows|replace-flows|mod-port|add-group|del-groups|mod-group|add-meter|del-meters|packet-out|monitor|snoop)$|^p?(tcp|ssl|unix):/,
  'rabbitmqctl': /^(stop|start_app|stop_app|reset|force_reset|add_user|delete_user|change_password|set_permissions|clear_permissions|eval|join_cluster|forget_cluster_node)$|@/,
  'ss': /^(-K|--kill|-D|--diag)$/,
  'hostname': /^[^-]/,
  'tail': /^(-f|-F|--follow)$/,
  'mcelog': /^(?!--client$)/,
  'sort': /^(-o|--output)/,
  'dmesg': /^(-c|-C|-D|-E|-n|--clear|--read-clear|--console-off|--console-on|--console-level|-w|--follow)$/,
  'journalctl': /^(--vacuum.*|--rotate|--flush|--sync|--relinquish-var|--smart-relinquish-var|--setup-keys|--update-catalog|-f|--follow|-H|--host.*|-M|--machine.*)$/,
  // network suite: lldptool's set forms (a command word matches as a prefix: s, se, set...), deletes, ARG=VALUE
  'lldptool': /^-[A-Za-z]*[LTd]|^([sS]|[sS][eE]|[sS][eE][tT].*)$|=/,
  // unsolicited ARP rewrites neighbours' caches; -s picks a sender address; -b broadcasts only
  'arping': /^-[A-Za-z]*[UAbs]/,
};

/** Files no check needs to read: secrets (also through // or /./, which the kernel ignores). */
const SECRETS: readonly RegExp[] = [
  /^\/etc\/(shadow|gshadow|shadow-|gshadow-|security\/opasswd)$/,
  /\/\.ssh(\/|$)/,
  /^\/etc\/ssh\/ssh_host_.*_key$/,
  /\.erlang\.cookie$/,
  /^\/proc\/[^/]+(\/task\/[^/]+)?\/(environ|mem)$/,
  /^\/proc\/kcore$/,
  /^\/etc\/(pki|ssl)\/.*private/,
  /^\/etc\/libvirt\/(secrets|auth\.conf)/,
  /master-key\.aes$/,
  /libvirt\/qemu\/[^/]+\.xml$/,
];

/** A secret whose metadata (size, owner, mode) is evidence: stat only (alarms and platform suite). */
const METADATA_ONLY_SECRET = '/var/lib/rabbitmq/.erlang.cookie';

/** Reads that take something from other readers, or poke hardware. */
const TAKEN_BY_READING: readonly RegExp[] = [
  /^\/proc\/kmsg$/, /trace_pipe/, /^\/proc\/acpi\/event$/, /initctl/, /^\/sys\/.*\/(resource\d+(_wc)?|vpd|rom)$/,
];

/** /proc links through which a path names another file. */
const PROC_LINK_ESCAPE = /^\/proc\/[^/]+(\/task\/[^/]+)?\/(root|cwd|map_files|fd\/[^/]+)(\/|$)/;
const PROC_EXE = /^\/proc\/[^/]+(\/task\/[^/]+)?\/exe/;

/** Devices that act when opened or read (watchdog timers, tapes, record queues, terminals...). */
const ACTING_DEVICES = /^\/dev\/(watchdog|n?st\d|n?ht\d|mcelog|kmsg|mem$|kmem$|port$|sr\d|cdrom|dvd|tty|console|initctl|hpet|rtc|snapshot|fd\/|std(in|out|err)$|mapper\/control$|uinput|cpu\/)/;

/** Programs that only look at a path (the link, the inode), never open it. */
const ONLY_LOOK = new Set(['ls', 'stat', 'readlink']);
/** Programs that read what they are given as files. */
const READ_CONTENT = new Set(['cat', 'head', 'tail', 'grep', 'od', 'zcat', 'wc', 'last', 'less', 'more', 'strings', 'xxd', 'hexdump']);

/** Every path a word holds: the word itself, or what follows an option's `=` or letters. */
function pathsIn(word: string): string[] {
  const m = /^(\/.*)$/.exec(word) ?? /^--?[^/=]*=?(\/.*)$/.exec(word);
  if (!m) return [];
  const p = posix.normalize(m[1]!);
  return [p.length > 1 ? p.replace(/\/+$/, '') : p];
}

function pathViolation(prog: string, args: readonly string[]): string | null {
  for (const p of args.flatMap(pathsIn)) {
    // stat prints inode data only: RabbitMQ's cookie may be stat'ed (guide 3.8.1), never read
    if (SECRETS.some((re) => re.test(p)) && !(prog === 'stat' && p === METADATA_ONLY_SECRET)) return `${prog} ${p}: reads secrets`;
    if (PROC_LINK_ESCAPE.test(p)) return `${prog} ${p}: a /proc link to another file`;
    if (ONLY_LOOK.has(prog)) continue;
    if (TAKEN_BY_READING.some((re) => re.test(p))) return `${prog} ${p}: reading it takes it from others or touches hardware`;
    if (PROC_EXE.test(p)) return `${prog} ${p}: reads through a process's executable link`;
    if (ACTING_DEVICES.test(p)) return `${prog} ${p}: opening this device acts on it`;
    if (READ_CONTENT.has(prog) && p.startsWith('/dev/')) return `${prog} ${p}: reads a device`;
  }
  return null;
}

/** A form whose reading option is missing reads commands from stdin or writes (crontab, fdisk, snapshot, debugfs). */
function missingReadingVerb(prog: string, args: readonly string[]): string | null {
  const hasL = args.some((a) => /^-[a-zA-Z]*l/.test(a));
  if ((prog === 'crontab' || prog === 'fdisk') && !hasL) return `${prog} without -l reads from standard input`;
  if (prog === 'qemu-img' && args.includes('snapshot') && !hasL) return 'qemu-img snapshot without -l opens the image read-write';
  if (prog === 'debugfs.ocfs2' && !args.some((a) => /^(-R|--request)/.test(a))) return 'debugfs.ocfs2 without -R reads requests from standard input';
  return null;
}

/** Another host than the one the command runs on. */
function remoteTarget(prog: string, args: readonly string[]): string | null {
  if (prog === 'virsh') {
    const uri = args.find((a) => /:\/\/[^/]|^[a-z0-9]+\+[a-z0-9]+:/i.test(a));
    if (uri !== undefined) return `virsh ${uri}: a libvirt on another host`;
  }
  return null;
}

/** `ps e` (BSD) prints the environment of every process. */
function psEnvironment(prog: string, args: readonly string[]): string | null {
  if (prog !== 'ps') return null;
  const valueOf = /^(-o|-O|-p|-C|-u|-U|-g|-G|-t|-q|-s|--sort|--pid|--ppid|--format|--user|--group)$/;
  const bad = args.find((a, i) => /^[A-Za-z]+$/.test(a) && a.includes('e') && !(i > 0 && valueOf.test(args[i - 1]!)));
  return bad === undefined ? null : `ps ${bad} prints every process's environment`;
}

export interface Violation {
  readonly wire: string;
  readonly reason: string;
}

/** Why this wire line could change a host, or null when it looks read-only. */
export function denylistViolation(wire: string): string | null {
  // --sudo: `sudo -n -- /bin/sh -c LINE` runs LINE as root; LINE is judged as a line of its own.
  if (/^\s*sudo\b/.test(wire)) {
    const words = parse(wire);
    const inner = words[5];
    if (words.length !== 6 || !words.every((w) => typeof w === 'string') || words.slice(0, 5).join(' ') !== 'sudo -n -- /bin/sh -c' || typeof inner !== 'string') {
      return 'sudo other than "sudo -n -- /bin/sh -c LINE"';
    }
    return denylistViolation(inner);
  }
  if (/[`\n\r]|\$\(|\$\{/.test(stripQuoted(wire))) return 'command substitution or newline outside quotes';
  const tokens = parse(unwrapPolicyFrame(wire));
  const stages: string[][] = [[]];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (typeof t === 'string') stages[stages.length - 1]!.push(t);
    else if ('op' in t && t.op === '|') stages.push([]);
    else if ('op' in t) return `shell operator ${t.op}`;
    else return 'glob or comment outside quotes';
  }
  for (const stage of stages) {
    let words = stage;
    while (words[0] && /^[A-Z_]+=/.test(words[0])) words = words.slice(1); // LC_ALL=C
    if (words[0] === 'timeout') words = words.slice(words[1] === '-k' ? 4 : 2);
    const [prog, ...args] = words;
    if (!prog) return 'empty stage';
    const base = prog.split('/').pop()!;
    if (ALWAYS_FORBIDDEN.has(base)) return `${base} is never allowed`;
    const re = MUTATING_WORDS[base];
    if (re) {
      // Skip values that follow value-taking options (a grep pattern is data, not a verb).
      const bad = args.find((a) => re.test(a));
      if (bad !== undefined) return `${base} ${bad} changes state`;
    }
    // ssh connects to another host; only the local query of its ciphers opens nothing (compute suite, guide 3.4.8)
    if (base === 'ssh' && !(args.length === 2 && args[0] === '-Q' && args[1] === 'cipher')) return 'ssh other than "ssh -Q cipher" opens a connection';
    if (base === 'multipath' && !args.includes('-ll') && !args.includes('-l')) return 'multipath without -l/-ll rebuilds maps';
    if (base === 'arping' && !args.some((a) => /^-[A-Za-z]*D/.test(a))) return 'arping without -D sends requests from the host\'s address';
    if (base === 'sysctl' && args.some((a) => a.includes('=') || a === '-w' || a === '-p')) return 'sysctl write';
    const why = missingReadingVerb(base, args) ?? remoteTarget(base, args) ?? psEnvironment(base, args) ?? pathViolation(base, args);
    if (why) return why;
  }
  return null;
}

/**
 * The two fixed frames the policy puts around the first stage: standard input
 * closed (`</dev/null`), and for a pipeline a group that prints the first
 * stage's exit status on stderr. Only these exact frames are removed; any
 * other redirection or grouping stays and is refused as an operator.
 */
function unwrapPolicyFrame(wire: string): string {
  const group = /^\{ (.*) <\/dev\/null; echo "usdiag-exit:\$\?" >&2; \} \| (.*)$/.exec(wire);
  if (group) return `${group[1]} | ${group[2]}`;
  const single = /^(.*) <\/dev\/null$/.exec(wire);
  return single ? single[1]! : wire;
}

function stripQuoted(s: string): string {
  return s.replace(/'[^']*'/g, "''");
}

export function violations(wires: readonly string[]): Violation[] {
  return wires.flatMap((wire) => {
    const reason = denylistViolation(wire);
    return reason ? [{ wire, reason }] : [];
  });
}
