/**
 * An independent second opinion on what reached the simulated hosts: written
 * separately from the read-only policy (different tokenizer: shell-quote, and
 * a denylist instead of an allowlist), so a hole in one is caught by the other.
 */
import { parse } from 'shell-quote';

const ALWAYS_FORBIDDEN = new Set([
  'rm', 'rmdir', 'mv', 'cp', 'dd', 'tee', 'truncate', 'shred', 'chown', 'chmod', 'chgrp', 'ln', 'touch', 'mkdir', 'install',
  'reboot', 'shutdown', 'poweroff', 'halt', 'init', 'telinit', 'kill', 'pkill', 'killall', 'umount', 'swapoff', 'swapon',
  'fsck', 'fsck.ocfs2', 'mkfs', 'mkfs.ocfs2', 'tunefs.ocfs2', 'mke2fs', 'parted', 'sfdisk', 'wipefs', 'qcow2.py',
  'sh', 'bash', 'dash', 'zsh', 'eval', 'exec', 'sudo', 'su', 'nohup', 'xargs', 'find', 'sed', 'awk', 'perl', 'python', 'python3',
  'modprobe', 'rmmod', 'insmod', 'sysctl -w', 'ifup', 'ifdown', 'ifenslave', 'brctl', 'tc', 'nft', 'iptables-restore',
  'crontab -r', 'passwd', 'useradd', 'usermod', 'chpasswd', 'hwclock', 'ntpdate', 'jstack', 'jmap', 'curl', 'wget', 'scp', 'ssh',
  'rabbitmq-server', 'rabbitmq-init.sh', 'set_cvk_port_flow.sh', 'set_cvm_port_flow.sh', 'check_network.sh', 'tcpdump',
]);

/** Words that, as any argument, mark a mutating sub-command of the programs we do run. */
const MUTATING_WORDS: Record<string, RegExp> = {
  'systemctl': /^(start|stop|restart|reload|enable|disable|mask|unmask|kill|isolate|daemon-reload|set-property|edit)$/,
  'service': /^(start|stop|restart|reload|force-reload)$/,
  'virsh': /^(destroy|start|shutdown|reboot|reset|undefine|define|create|edit|suspend|resume|migrate|attach-.*|detach-.*|update-device|setmem|setvcpus|blkdeviotune|snapshot-create.*|snapshot-delete|snapshot-revert|nwfilter-define|nwfilter-undefine|pool-.*(start|destroy|delete|define|build)|vol-(delete|create.*|wipe|resize)|managedsave|save|restore|send-key|qemu-monitor-command|qemu-agent-command)$/,
  'ovs-vsctl': /^(set|add|remove|clear|create|destroy|del-.*|add-.*|set-.*|emer-reset|init|wait-until|--)$/,
  'ovs-ofctl': /^(add-flow|add-flows|del-flows|mod-flows|replace-flows|mod-port|add-group|del-groups|mod-group|add-meter|del-meters|packet-out|monitor|snoop)$/,
  'ovs-appctl': /^(.*\/set.*|vlog\/.*|exit|fdb\/flush|bond\/enable-.*|bond\/disable-.*|ofproto\/trace.*|revalidator\/purge|dpctl\/(add|del|mod|flush).*)$/,
  'qemu-img': /^(-r|--repair|-r[a-z]*|commit|amend|resize|convert|create|rebase|bitmap|dd|measure)$/,
  'ip': /^(set|add|del|delete|change|replace|flush|append)$/,
  'ethtool': /^(-s|-G|-K|-A|-C|-L|-E|-f|-p|-r|-t|-W|-U|-N|-X|--change|--set-.*|--features|--offload|--identify|--negotiate|--test|--flash)$/,
  'iptables': /^(-A|-D|-I|-R|-F|-X|-P|-N|-E|-Z|--append|--delete|--insert|--replace|--flush|--policy)$/,
  'multipath': /^(-F|-f|-r|-w|-W|-a|-u|-U|-c|-C)$/,
  'multipathd': /^(add|del|remove|resize|reconfigure|suspend|resume|reinstate|fail|disablequeueing|restorequeueing|shutdown)$/,
  'iscsiadm': /^(-o|--op|-l|--login|-u|--logout|-L|--loginall|-U|--logoutall|discovery|-R|--rescan)$/,
  'debugfs.ocfs2': /^-w$/,
  'rabbitmqctl': /^(stop|start_app|stop_app|reset|force_reset|add_user|delete_user|change_password|set_permissions|clear_permissions|eval|join_cluster|forget_cluster_node)$/,
  'mount': /^\/|^-o$|^--bind$|^-a$/,
  'date': /^(-s|--set)$|^\d{6,}/,
  'crontab': /^(-r|-e|-i|\/.*)$/,
  'ss': /^(-K|--kill|-D|--diag)$/,
  'iptables-save': /^(-f|--file)$/,
  'hostname': /^[^-]/,
  'tail': /^(-f|-F|--follow)$/,
  'mcelog': /^(?!--client$)/,
  'sort': /^(-o|--output)/,
  'dmesg': /^(-c|-C|-D|-E|-n|--clear|--read-clear|--console-off|--console-on|--console-level|-w|--follow)$/,
  'journalctl': /^(--vacuum.*|--rotate|--flush|--sync|--relinquish-var|--smart-relinquish-var|--setup-keys|--update-catalog|-f|--follow)$/,
};

export interface Violation {
  readonly wire: string;
  readonly reason: string;
}

/** Why this wire line could change a host, or null when it looks read-only. */
export function denylistViolation(wire: string): string | null {
  if (/[`\n\r]|\$\(|\$\{/.test(stripQuoted(wire))) return 'command substitution or newline outside quotes';
  const tokens = parse(unwrapPolicyFrame(wire));
  const stages: string[][] = [[]];
  for (const t of tokens) {
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
    if (base === 'multipath' && !args.includes('-ll') && !args.includes('-l')) return 'multipath without -l/-ll rebuilds maps';
    if (base === 'sysctl' && args.some((a) => a.includes('=') || a === '-w' || a === '-p')) return 'sysctl write';
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
