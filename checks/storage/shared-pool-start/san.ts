/**
 * The links from a host to its SAN (guide 3.5.2: "check the path from the
 * server to the storage, FC and IP SAN"): the state and WWPN of every FC HBA
 * port, and the iSCSI sessions with their state and attached disks.
 *
 * /sys/class/fc_host/host*\/port_state is a glob usdiag does not expand
 * (values are quoted): the directory is listed first, then each port is read.
 */
import { missingProgram, readProblem } from '../../../src/engine/outputs.js';
import type { CommandOutput, HostContext } from '../../../src/engine/types.js';
import type { Msg } from '../../../src/i18n/message.js';
import { type IscsiSession, parseIscsiSessions } from '../../../src/parsers/iscsi.js';
import { type FcPortState, fcPortUsable, parseFcPortName, parseFcPortState, parseLsNames } from '../../../src/parsers/sysfs-storage.js';
import type { Span } from '../../../src/parsers/types.js';
import { type Command, cmd } from '../../../src/transport/command.js';

export const FC_HOSTS = cmd('ls', '/sys/class/fc_host');
export const fcHostFile = (host: string, file: 'port_state' | 'port_name'): Command => cmd('cat', `/sys/class/fc_host/${host}/${file}`);
/** -P 3: session states and the disks each session carries. Exit 21 (no objects found) is "No active sessions.": an answer. */
export const ISCSI_SESSIONS: Command = { argv: ['iscsiadm', '-m', 'session', '-P', '3'], okExit: [0, 21] };

/** HBAs have 1 to 4 ports; more names than this are not FC ports of one host. */
const MAX_FC_PORTS = 16;

export interface FcPort {
  /** `host1`: the SCSI host number of the paths behind it. */
  readonly host: string;
  readonly state?: FcPortState | undefined;
  /** The state's line in its file (evidence). */
  readonly stateSpan?: Span | undefined;
  readonly usable: boolean;
  /** Port WWPN (`0x10000090fa1b2c3d`): what the array's host group lists. */
  readonly wwpn?: string | undefined;
  readonly stateOutput: CommandOutput;
  readonly problem?: Msg | undefined;
}

export interface SanLinks {
  readonly fc: readonly FcPort[];
  /** No FC HBA driver loaded (no /sys/class/fc_host). */
  readonly noFc: boolean;
  readonly fcProblem?: Msg | undefined;
  readonly iscsi: readonly IscsiSession[];
  /** open-iscsi is not installed. */
  readonly noIscsi: boolean;
  /** iscsiadm answered "No active sessions." */
  readonly noSessions: boolean;
  readonly iscsiProblem?: Msg | undefined;
  readonly iscsiOutput: CommandOutput;
  readonly fcListOutput: CommandOutput;
}

export async function readSanLinks(host: HostContext): Promise<SanLinks> {
  const [list, iscsiOut] = await Promise.all([host.run(FC_HOSTS), host.run(ISCSI_SESSIONS)]);
  const noFc = list.read.kind === 'absent';
  const fcProblem = noFc ? undefined : readProblem(list);
  const names = fcProblem || noFc ? [] : parseLsNames(list.stdout).value.filter((n) => /^host\d+$/.test(n)).slice(0, MAX_FC_PORTS);
  const fc = await Promise.all(names.map(async (name): Promise<FcPort> => {
    const [stateOut, nameOut] = await Promise.all([host.run(fcHostFile(name, 'port_state')), host.run(fcHostFile(name, 'port_name'))]);
    const why = readProblem(stateOut);
    const read = why ? {} : parseFcPortState(stateOut.stdout).value;
    const wwpn = readProblem(nameOut) ? undefined : parseFcPortName(nameOut.stdout).value;
    return { host: name, state: read.state, stateSpan: read.span, usable: fcPortUsable(read.state), wwpn, stateOutput: stateOut, ...(why ? { problem: why } : {}) };
  }));
  const noIscsi = missingProgram(iscsiOut);
  // iscsiadm prints "No active sessions." on stderr.
  const parsed = parseIscsiSessions(`${iscsiOut.stdout}\n${iscsiOut.stderr}`).value;
  const iscsiProblem = noIscsi || parsed.noSessions ? undefined : readProblem(iscsiOut);
  return {
    fc, noFc, fcProblem, iscsi: iscsiProblem ? [] : parsed.sessions, noIscsi, noSessions: parsed.noSessions, iscsiProblem, iscsiOutput: iscsiOut, fcListOutput: list,
  };
}

/** Sessions that can carry IO: logged in (kernel and connection). */
export function sessionUp(s: IscsiSession): boolean {
  return (s.sessionState ?? 'LOGGED_IN') === 'LOGGED_IN' && (s.connectionState ?? 'LOGGED IN') === 'LOGGED IN';
}

/** The iSCSI session(s) to one target through one portal (a pool's by-path source). */
export function sessionsFor(links: SanLinks, target: string, portal: string): IscsiSession[] {
  return links.iscsi.filter((s) => s.target === target && (s.portal === portal || s.persistentPortal === portal));
}
