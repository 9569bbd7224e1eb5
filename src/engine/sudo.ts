/**
 * --sudo on a host: before any check runs, one `id -u` through `sudo -n`
 * proves that sudo runs the commands as root without asking for a password.
 * When it does not (a password is required, the user is not in sudoers, a
 * terminal is required), the host gets one clear error instead of every
 * check reading sudo's complaint as an empty output.
 */
import { cmd } from '../transport/command.js';
import { prepare, SUDO_REFUSED } from '../transport/policy.js';
import { type ExecResult, type PreparedCommand, type Transport, TransportError } from '../transport/types.js';

/** What the preflight runs: `id -u` prints 0 when the command ran as root. */
export const SUDO_PROBE = cmd('id', '-u');

/** The preflight as it goes on the wire (the dry run prints it too). */
export function sudoProbe(timeoutSec: number): PreparedCommand {
  return prepare({ ...SUDO_PROBE, timeoutSec }, { timeoutSec, sudo: true });
}

/** sudo's own refusal in a command's stderr, as one line, or undefined. */
export function sudoRefusal(r: Pick<ExecResult, 'stderr' | 'exitCode'>): string | undefined {
  if (r.exitCode === 0) return undefined;
  const m = SUDO_REFUSED.exec(r.stderr);
  return m ? r.stderr.slice(m.index).split('\n')[0]!.trim() : undefined;
}

/** Runs the preflight on a connected transport: undefined when sudo works, else the host's error. */
export async function sudoPreflight(transport: Transport, timeoutSec: number, signal?: AbortSignal): Promise<TransportError | undefined> {
  const r = await transport.exec(sudoProbe(timeoutSec), { timeoutMs: timeoutSec * 1000 + 3000, ...(signal ? { signal } : {}) });
  const refused = sudoRefusal(r);
  if (refused) {
    const detail = sudoText(refused);
    return new TransportError('sudo', detail.en, detail);
  }
  if (r.failure) return new TransportError('sudo', `sudo -n id -u did not finish: ${r.failure.message}`);
  if (r.timedOut) return new TransportError('sudo', `sudo -n id -u timed out after ${timeoutSec} s`);
  if (r.exitCode !== 0 || r.stdout.trim() !== '0') {
    const what = r.exitCode !== 0 ? `exit ${r.exitCode}${r.stderr.trim() ? `: ${r.stderr.trim().split('\n')[0]}` : ''}` : `id -u printed "${r.stdout.trim()}"`;
    return new TransportError('sudo', `sudo -n did not run the commands as root (${what})`);
  }
  return undefined;
}

function sudoText(refused: string) {
  return {
    en: `sudo -n refused: ${refused} (usdiag never types a password for sudo: allow the login NOPASSWD, or log in as root)`,
    zh: `sudo -n 被拒绝：${refused}（usdiag 从不为 sudo 输入密码：请为该用户配置 NOPASSWD，或以 root 登录）`,
  };
}
