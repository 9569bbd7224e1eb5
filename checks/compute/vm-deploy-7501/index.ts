/**
 * Guide 3.4.7 — VM deployment partly succeeds with error code 7501.
 *
 * Runs: the tail of /var/log/uspheretools.log for failures (grep on the
 * host, bounded), `virsh -r list --all`; for the VMs the failures name (all
 * VMs when they name none) the domain XML (shared with the other compute
 * checks) for the guest agent channel, and `qemu-img check -U` of their qcow2
 * disks (the same command line qcow2-corrupt sends: read once per scan),
 * after the df probe of the shared pools that hold them.
 * Decides: no failure in the log is ok; failures fail, with the cause found:
 * a disk with errors (libguestfs cannot mount it), a guest agent that is not
 * connected (qemu-ga not running in the guest), a VM without an agent
 * channel, or none of these (the log lines say more). A log that cannot be
 * read is unknown.
 * Recommends: the guide's repair of the image (backup first) or a
 * reinstallation of Uspheretools, then the deployment again.
 *
 * The guest agent: `virsh qemu-agent-command` sends a command into the
 * guest, and the agent protocol has commands that write files, run programs
 * or shut the guest down (guest-file-write, guest-exec, guest-shutdown);
 * even guest-ping goes through a command that usdiag's policy cannot tell
 * from those, so it is not allowed. libvirt already knows what a ping would
 * tell: it reports the state of the agent's virtio-serial port in the live
 * domain XML, `<target type='virtio' name='org.qemu.guest_agent.0'
 * state='connected'/>`, connected only while a process in the guest (qemu-ga)
 * holds the port open. `virsh -r dumpxml` is a read-only query: it is the
 * read used here. It tells "qemu-ga is not running" from "it runs", not
 * whether qemu-ga answers; the recovery step asks the engineer to check that.
 */
import { defineCheck, type SayOf } from '../../../src/engine/define-check.js';
import { excerpt, parsedOnce, readProblem } from '../../../src/engine/outputs.js';
import type { CheckContext, Evidence } from '../../../src/engine/types.js';
import type { Msg } from '../../../src/i18n/message.js';
import type { DomainChannel } from '../../../src/parsers/libvirt-xml-domain.js';
import { parseVirshList, type VirshDomain } from '../../../src/parsers/virsh.js';
import { logTail, VIRSH_LIST } from '../../shared/commands.js';
import { type DomainRead, type ImageCheckRead, checkImage, hungPoolOf, hungPools, qcow2DisksOf, readDomain } from '../../shared/image-reads.js';
import { readLog } from '../../shared/logs.js';

export const USPHERETOOLS_LOG = '/var/log/uspheretools.log';
const FAILURES = 'ERROR|Error|Traceback|Exception|[Ff]ailed|7501';
const LOG_LINES_SHOWN = 6;
const LOG_BOUNDS = { bytes: '8M', maxLines: 200 } as const;
const AGENT_PORT = 'org.qemu.guest_agent.0';
/** VMs looked at when the failures name none. */
const MAX_VMS = 20;

const messages = {
  noLog: { en: 'No {file} on this host: no deployment ran uspheretools.py here.', zh: '此主机上没有 {file}：这里没有执行过 uspheretools.py 部署。' },
  logUnreadable: { en: '{file} could not be read: {why}', zh: '无法读取 {file}：{why}' },
  listUnreadable: { en: 'The VMs of this host could not be listed: {why}', zh: '无法列出此主机的虚拟机：{why}' },
  noFailures: { en: '{file} records no uspheretools.py failure.', zh: '{file} 中没有 uspheretools.py 执行失败的记录。' },
  failed: {
    en: 'uspheretools.py failed ({count} error line(s) in {file}){forVm}: {cause}',
    zh: 'uspheretools.py 执行失败（{file} 中有 {count} 行错误）{forVm}：{cause}',
  },
  forVm: { en: ' for VM {vm}', zh: '，虚拟机 {vm}' },
  diskErrors: {
    en: 'its disk {image} has {errors} error(s) (qemu-img check): libguestfs cannot mount a damaged disk',
    zh: '其磁盘 {image} 有 {errors} 个错误（qemu-img check）：磁盘损坏时 libguestfs 无法挂载',
  },
  agentDown: {
    en: 'its guest agent channel is {state}: qemu-ga is not running inside the VM (Uspheretools not installed properly)',
    zh: '其客户机代理通道状态为 {state}：虚拟机内的 qemu-ga 没有运行（Uspheretools 未正确安装）',
  },
  noAgentChannel: {
    en: 'it has no guest agent channel ({port}): the host cannot reach qemu-ga in it',
    zh: '它没有客户机代理通道（{port}）：主机无法与其中的 qemu-ga 通信',
  },
  notRunning: { en: 'it is {vmState}: its guest agent cannot be seen until it runs; the log lines say why', zh: '它处于{vmState}状态：运行之前看不到其客户机代理状态；原因见日志' },
  noCause: {
    en: 'its disks check clean and its guest agent is connected: the log lines say why',
    zh: '其磁盘检查无误，客户机代理也已连接：具体原因见日志',
  },
  diskUnchecked: { en: 'its disk could not be checked ({why}); the log lines say more', zh: '其磁盘无法检查（{why}）；更多原因见日志' },
  agentNote: { en: 'the guest agent port and its state', zh: '客户机代理端口及其状态' },
} as const;

type Say = SayOf<'vm-deploy-7501', typeof messages>;

interface VmState {
  readonly vm: VirshDomain;
  readonly domain: DomainRead;
  readonly agent?: DomainChannel | undefined;
  readonly images: readonly (ImageCheckRead & { readonly image: string })[];
}

export const check = defineCheck({
  id: 'vm-deploy-7501',
  needs: [logTail(USPHERETOOLS_LOG, FAILURES, LOG_BOUNDS), VIRSH_LIST],
  messages,
  async run(ctx, say) {
    const file = USPHERETOOLS_LOG;
    const log = await readLog(ctx, [file], FAILURES, LOG_BOUNDS);
    if (log.problem) return say.unknown('logUnreadable', { file, why: log.problem });
    if (!log.output || log.output.read.kind === 'absent') return say.notApplicable('noLog', { file });
    const failures = log.matches;
    if (failures.length === 0) return say.ok('noFailures', { file });

    const listOut = await ctx.run(VIRSH_LIST);
    const listProblem = readProblem(listOut);
    if (listProblem) return say.unknown('listUnreadable', { why: listProblem });
    const domains = parsedOnce(listOut, parseVirshList).value;
    // The VMs the failure lines name (the newest failure first); all of them when none is named.
    const named = domains.filter((d) => failures.some((m) => mentions(m.raw, d.name)));
    const newest = (d: VirshDomain) => Math.max(...failures.filter((m) => mentions(m.raw, d.name)).map((m) => m.line));
    const targets = named.length ? [...named].sort((a, b) => newest(b) - newest(a)) : domains.slice(0, MAX_VMS);
    const states = await Promise.all(targets.map((d) => vmState(ctx, d)));
    const logEvidence = excerpt(log.output, failures.slice(-LOG_LINES_SHOWN).map((m) => m.line));
    const vars = { host: ctx.host.name };
    const data = {
      file,
      failures: failures.map((m) => m.raw),
      vms: states.map((s) => ({ vm: s.vm.name, state: s.vm.state, agent: s.agent?.state ?? (s.agent ? 'unknown' : 'none'), images: s.images.map((i) => ({ image: i.image, verdict: i.check?.verdict ?? 'undecided' })) })),
    };

    // The first VM with a cause, in the order of the targets; else the newest one named.
    const causes = states.map((s) => ({ s, cause: causeOf(say, s) }));
    const pick = causes.find((x) => x.cause.kind !== 'none') ?? (named.length ? causes[0] : undefined);
    if (!pick) {
      // Failures that name no VM of this host, and no VM here with a visible cause: the lines are the finding.
      return say.fail('failed', { count: failures.length, file, forVm: '', cause: say.msg('noCause') }, {
        evidence: [logEvidence],
        recovery: { steps: ['read-uspheretools-log'], vars: { ...vars, vm: '?' } },
        data,
      });
    }
    const { s, cause } = pick;
    return say.fail('failed', { count: failures.length, file, forVm: say.msg('forVm', { vm: s.vm.name }), cause: cause.msg }, {
      evidence: [logEvidence, ...cause.evidence],
      recovery: { steps: [...cause.steps], vars: { ...vars, vm: s.vm.name, image: cause.image ?? s.images[0]?.image ?? '?' } },
      data,
    });
  },
});

type Step = 'read-uspheretools-log' | 'check-image' | 'check-guest-agent' | 'backup-image' | 'repair-image' | 'reinstall-uspheretools';

interface Cause {
  readonly kind: 'disk' | 'agent' | 'none';
  readonly msg: Msg;
  readonly evidence: readonly Evidence[];
  readonly steps: readonly Step[];
  readonly image?: string;
}

/** A VM name as a word of a log line (not inside a longer name). */
function mentions(line: string, name: string): boolean {
  for (let at = line.indexOf(name); at >= 0; at = line.indexOf(name, at + 1)) {
    const before = line[at - 1] ?? ' ';
    const after = line[at + name.length] ?? ' ';
    if (!/[A-Za-z0-9_.-]/.test(before) && !/[A-Za-z0-9_-]/.test(after)) return true;
  }
  return false;
}

async function vmState(ctx: CheckContext, vm: VirshDomain): Promise<VmState> {
  const domain = await readDomain(ctx, vm);
  const disks = qcow2DisksOf(vm, domain.xml);
  const hung = await hungPools(ctx, disks.map((d) => d.image));
  const images = await Promise.all(disks.map(async (d) => {
    const pool = hungPoolOf(hung, d.image);
    return pool ? { image: d.image, undecided: pool.why, undecidedEvidence: pool.evidence } : { image: d.image, ...(await checkImage(ctx, d.image)) };
  }));
  return { vm, domain, agent: domain.xml?.channels?.find((c) => c.name === AGENT_PORT), images };
}

function causeOf(say: Say, s: VmState): Cause {
  const agentSteps: Step[] = ['read-uspheretools-log', 'check-guest-agent', 'reinstall-uspheretools'];
  const corrupt = s.images.find((i) => i.check?.verdict === 'corrupt');
  if (corrupt) {
    const c = corrupt.check!;
    return {
      kind: 'disk',
      msg: say.msg('diskErrors', { image: corrupt.image, errors: c.errors }),
      evidence: corrupt.checkOutput ? [excerpt(corrupt.checkOutput, [...c.spans.errors.slice(0, 5), ...(c.spans.summary ? [c.spans.summary] : [])])] : [],
      steps: ['read-uspheretools-log', 'check-image', 'backup-image', 'repair-image'],
      image: corrupt.image,
    };
  }
  const agentEvidence = (span: DomainChannel['span']) => (span ? [excerpt(s.domain.out, [span], say.msg('agentNote'))] : []);
  if (s.domain.xml && s.vm.state === 'running') {
    if (!s.agent) return { kind: 'agent', msg: say.msg('noAgentChannel', { port: AGENT_PORT }), evidence: [], steps: agentSteps };
    if (s.agent.state && s.agent.state !== 'connected') {
      return { kind: 'agent', msg: say.msg('agentDown', { state: s.agent.state }), evidence: agentEvidence(s.agent.span), steps: agentSteps };
    }
  }
  const unchecked = s.images.find((i) => i.undecided);
  if (unchecked) return { kind: 'none', msg: say.msg('diskUnchecked', { why: unchecked.undecided! }), evidence: unchecked.undecidedEvidence ?? [], steps: ['read-uspheretools-log', 'check-image', 'check-guest-agent'] };
  if (s.vm.state !== 'running') return { kind: 'none', msg: say.msg('notRunning', { vmState: s.vm.state }), evidence: [], steps: ['read-uspheretools-log', 'check-image', 'check-guest-agent', 'reinstall-uspheretools'] };
  return { kind: 'none', msg: say.msg('noCause'), evidence: s.agent?.span ? agentEvidence(s.agent.span) : [], steps: ['read-uspheretools-log', 'check-image', 'check-guest-agent', 'backup-image', 'repair-image', 'reinstall-uspheretools'] };
}
