/**
 * What an intrusion of guide 3.6.6 looks like in a host's own outputs:
 * which peers are outside the user's network, which process names pose as
 * common commands, and which crontab entries are the platform's own or look
 * planted. Pure functions over parsed records.
 */
import type { CronEntry } from '../../../src/parsers/crontab.js';
import { inScratchDir } from '../../../src/parsers/proc-exe.js';
import { inSubnet, ipv4Number } from '../../shared/addresses.js';

/**
 * Names the guide's malware takes ("cd", "ls", "echo", "sh", and digits
 * such as "5"): programs that never hold an Internet socket of their own.
 * A shell with one is a reverse shell.
 */
const POSES_WITH_SOCKET = new Set([
  'ls', 'cd', 'echo', 'sh', 'bash', 'dash', 'ps', 'top', 'cat', 'pwd', 'grep', 'sleep', 'whoami', 'id', 'ifconfig', 'netstat',
  'route', 'uname', 'date', 'su', 'dd', 'cp', 'mv', 'rm', 'kill', 'sed', 'awk', 'who', 'w', 'df', 'free',
]);
/** Of those, the ones that finish in a moment: busy for long, they are something else. */
const POSES_WHEN_BUSY = new Set(['ls', 'cd', 'echo', 'pwd', 'whoami', 'id', 'ifconfig', 'netstat', 'route', 'uname', 'date', 'kill', 'who', 'w', 'df', 'free']);

/** A name made of digits only (the guide's `52034/5`). */
const DIGITS = /^\d+$/;

export function posesWithSocket(name: string): boolean {
  return POSES_WITH_SOCKET.has(name) || DIGITS.test(name);
}

export function posesWhenBusy(name: string): boolean {
  return POSES_WHEN_BUSY.has(name) || DIGITS.test(name);
}

/** The program name of a command line or comm (`/tmp/.x/ls -a` → `ls`, `[kworker/0:1]` stays a kernel thread). */
export function programName(command: string): string {
  return command.split(/\s+/, 1)[0]!.split('/').pop()!.replace(/:$/, '');
}

const PRIVATE: readonly [string, number][] = [
  ['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['0.0.0.0', 8],
];

/** An address no user network uses: public IPv4 (or IPv4-mapped), or a global IPv6 that is not ULA. */
export function isPublic(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (ipv4Number(v4) !== undefined) return !PRIVATE.some(([n, l]) => inSubnet(v4, n, l)) && ipv4Number(v4)! < 224 * 2 ** 24;
  const a = address.toLowerCase();
  if (!a.includes(':')) return false;
  return !(a === '::' || a === '::1' || a.startsWith('fe80:') || a.startsWith('fc') || a.startsWith('fd') || a.startsWith('ff'));
}

/** A socket's peer that is a real remote end (not a wildcard of a listening or unconnected socket). */
export function hasPeer(address: string, port: string): boolean {
  return port !== '*' && port !== '0' && !['0.0.0.0', '::', '*', '[::]'].includes(address);
}

export function isLoopback(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || (ipv4Number(v4) !== undefined && inSubnet(v4, '127.0.0.0', 8));
}

/**
 * The platform's own /etc/crontab entries on a VKS (guide 3.6.6), by user
 * and command with spaces collapsed: Debian's run-parts/anacron lines and
 * Usphere's /opt/bin scripts.
 */
const VKS_BASELINE = new Set([
  'root cd / && run-parts --report /etc/cron.hourly',
  'root test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily )',
  'root test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.weekly )',
  'root test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.monthly )',
  'root /opt/bin/cha_real_check_cvm.sh',
  'root /opt/bin/cha_real_check_cvk.sh',
  'root /opt/bin/libvirt_d_check.sh',
  'root /opt/bin/ocfs2_iscsi_conf_chg_timer.sh',
  'root python /opt/bin/ocfs2_cluster_config.py -s',
  'root /opt/bin/cas_clean_log.sh',
  'root /opt/bin/novnc_check.sh',
  'root /opt/bin/sys_alarmd_check.sh',
  'root /opt/bin/tomcat_check.sh',
]);

export function inVksBaseline(e: CronEntry): boolean {
  return VKS_BASELINE.has(`${e.user ?? ''} ${e.command.trim().split(/\s+/).join(' ')}`);
}

export type CronSign = 'scratch' | 'download' | 'encoded' | 'hidden' | 'devtcp';

/** Why a cron command looks planted: it runs from a scratch directory, pipes a download into a shell, decodes hidden code... */
export function cronSign(command: string): CronSign | undefined {
  const words = command.split(/[\s;|&()<>'"`]+/).filter((w) => w !== '');
  if (/\/dev\/(?:tcp|udp)\//.test(command)) return 'devtcp';
  if (/\b(?:curl|wget)\b.*\|\s*(?:ba|da)?sh\b/.test(command)) return 'download';
  if (/\bbase64\s+(?:-d|--decode)\b/.test(command) && /\|\s*(?:ba|da)?sh\b/.test(command)) return 'encoded';
  if (words.some((w) => w.startsWith('/') && inScratchDir(w))) return 'scratch';
  // A path with a hidden directory or file (/usr/lib/.x/ls, /root/.cache/.kswapd).
  if (words.some((w) => w.startsWith('/') && /\/\.[^/.]/.test(w))) return 'hidden';
  return undefined;
}
