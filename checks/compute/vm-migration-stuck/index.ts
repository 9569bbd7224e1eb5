/**
 * Guide 3.4.6 — a VM migration does not finish (99 %, or speed 0 for 15 minutes).
 *
 * Runs: `virsh -r list --all`; `virsh -r domjobinfo` of each running or
 * paused VM (shared with ui-hang and vm-stuck), and for a job that runs a
 * second sample `--sample-seconds` later; the VM lists of the other
 * inventory hosts (where the destination shows: the same VM name, paused
 * while it receives, running after a broken switch-over), else the far
 * end of the VM's qemu migration stream (`ss -tunap`); on both ends of
 * a paused/running pair `virsh -r domstate --reason`; for a job that does
 * not move, storage-blocked's verdict on this host (shared) and the VM's
 * domain XML (its disks' pool), then the interface toward the destination
 * (`ip -o addr`, `ip -o link`, `ovs-vsctl show`); for a long disk copy the
 * size of the destination's disk files (`stat`), and the destination's
 * kvm pid (`ps`) for the guide's "end the destination's KVM process".
 * Decides, one finding per cause of the guide:
 *  1. a disk copy that moves but has run 15 minutes: the disk is large for
 *     the link (warn; wait, watch the destination's file grow);
 *  2. memory left that does not go down while the guest dirties pages about
 *     as fast as they are sent (warn; reduce the guest's load);
 *  3. a job that does not move while the VM's pool is blocked (fail; part
 *     of storage-blocked's incident, not repeated here);
 *  4. the VM paused here and running on another host (fail; the guide's
 *     destroy / restart libvirtd / undefine / start procedure, its cautions
 *     shown, never run), or a job that does not move while the interface
 *     toward the destination has no link (fail).
 * A job that does not move for none of these reasons warns (fails after 15
 * minutes); one that moves is fine. Unreadable jobs are `unknown` (joined
 * to the storage incident when a pool of this host is blocked).
 * Recommends: the guide's step for the cause found, with the VM, the
 * destination, its kvm pid and the interface filled in; the changing ones
 * (kill, destroy, restart libvirtd, undefine) only shown, with their cautions.
 */
import { defineCheck } from '../../../src/engine/define-check.js';
import { evidence, excerpt, parsedOnce, readProblem } from '../../../src/engine/outputs.js';
import { leadContext } from '../../../src/engine/context.js';
import type { CheckContext, CheckResult, Evidence, HostContext, IncidentLink } from '../../../src/engine/types.js';
import { list, type Msg, type MsgValue } from '../../../src/i18n/message.js';
import { parseDomainXml } from '../../../src/parsers/libvirt-xml-domain.js';
import { type MigrationJob, parseMigrationJob } from '../../../src/parsers/virsh-jobinfo.js';
import { parseVirshList, type VirshDomain } from '../../../src/parsers/virsh.js';
import { domjobinfo, VIRSH_LIST } from '../../shared/commands.js';
import { hostVms } from '../../shared/host-vms.js';
import { blockedPools } from '../../shared/incidents.js';
import { mountPointOf } from '../../shared/mount-probe.js';
import { domainXml } from '../../shared/net-commands.js';
import { affectedBy, type Cause, causesResult, duration, isFinding, pointTo } from '../../shared/platform.js';
import { diverges, type JobSample, outgoing, type Progress, progressOf, sampleJobs, SYMPTOM_MS } from './jobs.js';
import { type MigrationStep, messages, type SayMigration, steps } from './messages.js';
import { copiesOf, type Destination, destinationDisks, destinationOf, type HostList, migrationLink, peerLists, stateEvidence, stateOn, type StateRead } from './peers.js';

type Found = Cause<MigrationStep>;

export const check = defineCheck({
  id: 'vm-migration-stuck',
  waits: true,
  needs: [VIRSH_LIST],
  messages,
  steps,
  async run(ctx, say) {
    const host = ctx.host.name;
    const listOut = await ctx.run(VIRSH_LIST);
    const why = readProblem(listOut);
    if (why) return say.unknown('listUnread', { host, why });
    const domains = parsedOnce(listOut, parseVirshList).value;
    const active = domains.filter((d) => d.state === 'running' || d.state === 'paused');
    if (active.length === 0) return say.notApplicable('noVms', { host });

    const [{ samples, unread }, lists] = await Promise.all([sampleJobs(ctx, active.map((d) => d.name)), peerLists(ctx)]);
    const storage = lazyStorage(ctx);
    const found: Found[] = [];
    const moving: string[] = [];
    const jobs: Record<string, unknown>[] = [];

    // cause 4, seen from either end: paused on one host, running on another
    for (const d of active) {
      const split = await splitOf(ctx, say, d, samples, lists, listOut);
      if (split) found.push(split);
    }
    for (const s of samples) {
      const p = progressOf(s, ctx.options.sampleSeconds);
      if (!p || receiving(s, domains, lists)) continue;
      const dest = await destinationOf(ctx, s.vm, lists);
      jobs.push(jobData(s, p, dest));
      if (found.some((f) => f.vars?.vm === s.vm)) continue;
      const f = await judge(ctx, say, s, p, dest, storage);
      if (f) found.push(f);
      else moving.push(s.vm);
    }

    const failedSecond = samples.filter((s) => s.secondProblem).map((s) => ({ vm: s.vm, why: s.secondProblem! }));
    const data = { vms: active.map((d) => ({ name: d.name, state: d.state })), jobs, unreadable: [...unread.map((u) => u.vm), ...failedSecond.map((u) => u.vm)] };
    if (found.length) return causesResult(say, found, data);
    const missing = [...unread.map((u) => ({ vm: u.vm, why: u.why })), ...failedSecond];
    if (missing.length) {
      const blocked = await storage();
      const values = { vms: list(missing.map((m) => m.vm)), why: missing[0]!.why };
      const ev = unread.slice(0, 2).map((u) => evidence(u.out, u.out.stderr.split('\n').filter(Boolean).slice(0, 2)));
      if (isFinding(blocked)) {
        return say.unknown('jobsUnreadOnBlocked', { ...values, finding: pointTo('storage-blocked', blocked) }, {
          evidence: ev, recovery: { steps: ['check-storage-pool'], vars: { vm: missing[0]!.vm } }, data, ...incidentOf(blocked),
        });
      }
      return say.unknown('jobsUnread', values, { evidence: ev, recovery: { steps: ['watch-job'], vars: { vm: missing[0]!.vm, host } }, data });
    }
    return say.ok('ok', { count: active.length, host, moving: moving.length ? say.msg('moving', { vms: list(moving) }) : '' }, { data });
  },
});

/** storage-blocked's verdict, asked for only when a job does not move or cannot be read. */
function lazyStorage(ctx: CheckContext): () => Promise<CheckResult> {
  let p: Promise<CheckResult> | undefined;
  return () => (p ??= ctx.finding('storage-blocked'));
}

function incidentOf(f: CheckResult): { incident?: IncidentLink } {
  const i = affectedBy(f);
  return i ? { incident: i } : {};
}

/**
 * A job whose direction this libvirt does not print, of a VM paused here and
 * running on another host: this host is the destination receiving it (a
 * broken switch-over is told by splitOf from the `migrated` reason).
 */
function receiving(s: JobSample, domains: readonly VirshDomain[], lists: readonly HostList[]): boolean {
  if (s.first.job.direction !== undefined) return false;
  const here = domains.find((d) => d.name === s.vm);
  return here?.state === 'paused' && copiesOf(s.vm, lists).some((c) => c.domain.state === 'running');
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** Bytes as people read them: `26.3 GiB`, `512.0 MiB`. */
export function size(bytes: number | undefined): string {
  if (bytes === undefined) return '?';
  if (bytes >= GiB) return `${(bytes / GiB).toFixed(1)} GiB`;
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

function jobData(s: JobSample, p: Progress, dest: Destination | undefined) {
  return {
    vm: s.vm, phase: p.phase, stalled: p.stalled, sentBytes: p.sent, seconds: p.seconds, processedBytes: p.processed, remainingBytes: p.remaining,
    totalBytes: p.total, elapsedMs: p.elapsedMs, dirtyBytesPerS: p.dirtyBytesPerS, rateBytesPerS: p.rate, destination: dest?.name, destinationAddress: dest?.address,
  };
}

/** The lines of both samples that show the job, as evidence. */
function jobEvidence(s: JobSample, keys: readonly string[]): Evidence[] {
  const cut = (o: { out: JobSample['first']['out']; job: JobSample['first']['job'] }) => {
    const spans = ['jobType', 'operation', 'elapsedMs', ...keys].flatMap((k) => (o.job.spans[k] ? [o.job.spans[k]!] : []));
    return excerpt(o.out, spans.length ? spans : o.job.span ? [o.job.span] : []);
  };
  return [cut(s.first), ...(s.second ? [cut(s.second)] : [])];
}

/** The finding for one outgoing job, or undefined when it moves as it should. */
async function judge(ctx: CheckContext, say: SayMigration, s: JobSample, p: Progress, dest: Destination | undefined, storage: () => Promise<CheckResult>): Promise<Found | undefined> {
  const host = ctx.host.name;
  const vm = s.vm;
  const destination = dest?.name;
  const seenBy = dest?.evidence ?? [];
  const to = destination ? say.msg('to', { destination }) : '';
  const elapsed = duration(p.elapsedMs / 1000);
  const vars: Record<string, MsgValue> = { vm, host, ...(destination ? { destination } : {}) };
  const job = s.second!.job;

  if (!p.stalled) {
    if (p.phase === 'disk') {
      if (p.elapsedMs < SYMPTOM_MS) return undefined;
      const disks = dest?.host ? await destinationDisks(dest.host, vm) : { disks: [], evidence: [] };
      const eta = p.rate && p.remaining ? say.msg('eta', { eta: duration(p.remaining / p.rate) }) : '';
      return {
        severity: 'warn',
        message: say.msg('diskCopy', {
          vm, to, elapsed, remaining: size(p.remaining), total: size(p.total),
          rate: p.rate ? say.msg('rate', { rate: size(p.rate) }) : say.msg('rateUnknown'), eta,
          destDisks: disks.disks.length && destination
            ? say.msg('destDisks', { destination, disks: list(disks.disks.map((d) => say.msg('destDisk', { path: d.path, size: size(d.sizeBytes), total: size(p.total) }))) })
            : '',
        }),
        evidence: [...jobEvidence(s, ['fileProcessed', 'fileRemaining', 'fileTotal']), ...seenBy, ...disks.evidence],
        steps: ['watch-disk-copy', 'watch-job'],
        vars,
      };
    }
    const bandwidth = job.memoryBandwidth ?? p.rate;
    if (!diverges(p, bandwidth)) return undefined;
    const keys = ['memoryRemaining', 'dataRemaining', 'memoryBandwidth', 'dirtyRatePages', 'iteration'];
    const message = p.dirtyBytesPerS !== undefined && bandwidth !== undefined
      ? say.msg('notConverging', {
        vm, to, elapsed, remaining: size(p.remaining), iteration: job.iteration ?? '?',
        dirty: say.msg('dirtyRate', { size: size(p.dirtyBytesPerS), pages: job.dirtyRatePages ?? '?' }),
        bandwidth: say.msg('perSecond', { size: size(bandwidth) }),
      })
      : say.msg('notConvergingNoRate', { vm, to, elapsed, remaining: size(p.remaining), sent: size(p.sent) });
    return { severity: 'warn', message, evidence: [...jobEvidence(s, keys), ...seenBy], steps: ['reduce-guest-load', 'watch-job'], vars };
  }

  // the job does not move: a blocked pool, then the link, then nothing usdiag can name
  const stuckValues = { vm, to, processed: size(p.processed), elapsed };
  const ev = [...jobEvidence(s, ['dataProcessed', 'dataRemaining', 'memoryRemaining', 'fileRemaining']), ...seenBy];
  const destPid = dest?.host ? (await hostVms(dest.host)).vms.find((v) => v.name === vm)?.pid : undefined;
  const killVars = { ...vars, ...(destPid !== undefined ? { pid: destPid } : {}) };
  const blocked = await storage();
  const pool = await poolOf(ctx, vm, blockedPools(blocked));
  if (pool) {
    return {
      severity: 'fail',
      message: say.msg('storageFrozen', { ...stuckValues, pool, finding: pointTo('storage-blocked', blocked) }),
      evidence: [...ev, ...(blocked.evidence ?? []).slice(0, 2)],
      steps: ['check-storage-pool', 'kill-destination-kvm'],
      vars: killVars,
      incident: affectedBy(blocked),
    };
  }
  const link = dest ? await migrationLink(ctx, dest.address) : undefined;
  if (link?.down && destination) {
    return {
      severity: 'fail',
      message: say.msg('linkDown', {
        ...stuckValues, iface: link.iface, address: link.address, destination, destAddress: dest!.address,
        members: link.ports.length && link.ports[0] !== link.iface ? say.msg('members', { ports: list(link.ports) }) : '',
      }),
      evidence: [...ev, ...link.evidence],
      steps: ['check-migration-link', 'check-vm-states', 'kill-destination-kvm'],
      // ethtool of a virtual switch says nothing: its first physical port is the one to look at
      vars: { ...killVars, iface: link.ports[0] ?? link.iface },
    };
  }
  if (blocked.status === 'unknown' || blocked.status === 'error') {
    return { severity: 'warn', message: say.msg('stalledUndecided', { ...stuckValues, finding: pointTo('storage-blocked', blocked) }), evidence: ev, steps: ['watch-job', 'check-storage-pool'], vars };
  }
  const linkState = !destination ? say.msg('noDestination') : link ? say.msg('linkUp', { iface: link.iface, destination }) : say.msg('unknownLink', { destination });
  return {
    severity: p.elapsedMs >= SYMPTOM_MS ? 'fail' : 'warn',
    message: say.msg('stalled', { ...stuckValues, linkState }),
    evidence: ev,
    steps: ['watch-job', 'check-storage-pool', 'check-vm-states', 'kill-destination-kvm'],
    vars: killVars,
  };
}

/** The pool among `blocked` that holds a disk of `vm` (its domain XML); any blocked pool when the XML cannot be read. */
async function poolOf(ctx: CheckContext, vm: string, blocked: readonly string[]): Promise<string | undefined> {
  if (blocked.length === 0) return undefined;
  const out = await ctx.run(domainXml(vm), { optional: true });
  if (readProblem(out)) return blocked[0];
  const disks = parsedOnce(out, parseDomainXml).value.disks.filter((d) => d.device === 'disk' && d.source);
  return disks.map((d) => mountPointOf(d.source!, blocked)).find((m) => m !== undefined);
}

/**
 * Cause 4 from either end: `vm` paused on one host and running on another
 * after the switch-over. The paused end is the source: its verdict is the
 * root of the incident, the running end's is affected. Told from a
 * migration in progress (the destination holds the VM paused while it
 * receives) by the paused end's job: none, or outgoing; an incoming job is
 * a destination at work, and a job whose direction this libvirt does not
 * print counts only when the running end says it was `migrated`.
 */
async function splitOf(ctx: CheckContext, say: SayMigration, d: VirshDomain, samples: readonly JobSample[], lists: readonly HostList[], listOut: HostList['out']): Promise<Found | undefined> {
  const here = ctx.host.name;
  const wanted = d.state === 'paused' ? 'running' : 'paused';
  const others = copiesOf(d.name, lists).filter((c) => c.domain.state === wanted);
  if (others.length === 0) return undefined;
  const other = others[0]!;
  const lead = leadContext(ctx);
  const [paused, running]: HostContext[] = d.state === 'paused' ? [lead, other.list.host] : [other.list.host, lead];
  const mine = samples.find((s) => s.vm === d.name)?.first;
  const jobOn = async (h: HostContext) => (h === lead && mine ? mine.job : parseJob(await h.run(domjobinfo(d.name), { optional: true })));
  const [pausedJob, runningJob, pausedState, runningState] = await Promise.all([jobOn(paused), jobOn(running), stateOn(paused, d.name), stateOn(running, d.name)]);
  if (!isSplit(pausedJob, runningJob, pausedState, runningState)) return undefined;

  const source = paused.host.name;
  const destination = running.host.name;
  const reason = (s: typeof pausedState) => (s.state?.reason ? say.msg('reasonIs', { reason: s.state.reason }) : '');
  const incident: IncidentLink = {
    key: `vm-migration-split:${d.name}:${source}:${destination}`,
    kind: 'vm-migration-split',
    culprit: { vm: d.name, host: source },
    role: d.state === 'paused' ? 'root' : 'affected',
  };
  const ev: Evidence[] = [evidence(listOut), evidence(other.list.out), ...stateEvidence(pausedState), ...stateEvidence(runningState)];
  const vars = { vm: d.name, host: here, destination };
  if (d.state === 'paused') {
    const link = await migrationLink(ctx, other.list.host.host.address);
    const linkNote: Msg | '' = link?.down ? say.msg('linkAlso', { iface: link.iface, destination }) : '';
    return {
      severity: 'fail',
      message: say.msg('networkBroken', { vm: d.name, host: here, reason: reason(pausedState), destination, destReason: reason(runningState), link: linkNote }),
      evidence: [...ev, ...(link?.down ? link.evidence : [])],
      steps: [...(link?.down ? ['check-migration-link' as const] : []), 'check-vm-states', 'destroy-both', 'restart-libvirtd', 'undefine-source', 'start-destination'],
      vars: { ...vars, ...(link?.down ? { iface: link.ports[0] ?? link.iface } : {}) },
      incident,
    };
  }
  return {
    severity: 'warn',
    message: say.msg('migratedHere', { vm: d.name, host: here, reason: reason(runningState), source, sourceReason: reason(pausedState) }),
    evidence: ev,
    steps: ['check-vm-states'],
    vars,
    incident,
  };
}

/**
 * Paused on one end, running on the other, and not a migration at work: the
 * paused end receiving (an incoming job; a job whose direction this libvirt
 * does not print, unless the running end says `migrated`), or the running
 * end still sending (an outgoing job). Without a job on the paused end, the
 * states' reasons must say migration (`paused (migration)` or `running
 * (migrated)`): a VM paused by hand whose name another host also uses is no split.
 */
function isSplit(pausedJob: MigrationJob | undefined, runningJob: MigrationJob | undefined, pausedState: StateRead, runningState: StateRead): boolean {
  const migrated = runningState.state?.reason === 'migrated';
  if (runningJob?.active && outgoing(runningJob)) return false;
  if (pausedJob?.active) {
    if (pausedJob.direction === 'outgoing') return true;
    return pausedJob.direction === undefined && migrated;
  }
  return migrated || pausedState.state?.reason === 'migration';
}

function parseJob(out: HostList['out']) {
  return readProblem(out) ? undefined : parseMigrationJob(out.stdout).value;
}
