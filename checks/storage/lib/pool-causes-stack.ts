/**
 * Causes of a pool failing to start that lie in the host's place in the
 * OCFS2 cluster: no cluster.conf or not named in it, and the O2CB stack the
 * kernel runs (offline, another cluster, nodes cluster.conf added since).
 */
import { evidence } from '../../../src/engine/outputs.js';
import type { CheckContext } from '../../../src/engine/types.js';
import { text } from '../../../src/i18n/text.js';
import type { RecoveryStep } from '../../../src/kb/types.js';
import type { Cause, HostFacts } from './pool-diagnosis.js';

export function membershipCauses(ctx: CheckContext, facts: HostFacts): Cause[] {
  const { view } = facts;
  if (/No such file or directory/.test(view.confOutput.stderr)) {
    return [{
      kind: 'no-cluster-conf',
      summary: text(`${ctx.host.name} has no /etc/ocfs2/cluster.conf`, `${ctx.host.name} 上没有 /etc/ocfs2/cluster.conf`),
      steps: ['compare-cluster-config', 'restore-storage-access'],
      decisive: true,
      evidence: [evidence(view.confOutput, view.confOutput.stderr.trim())],
    }];
  }
  if (view.conf && view.localNode === undefined) {
    return [{
      kind: 'not-in-cluster-conf',
      summary: text(`${ctx.host.name} is not a node of its own /etc/ocfs2/cluster.conf`, `${ctx.host.name} 不在本机 /etc/ocfs2/cluster.conf 的节点列表中`),
      steps: ['compare-cluster-config', 'restore-storage-access'],
      decisive: true,
      evidence: [evidence(view.confOutput, view.confOutput.stdout.split('\n').filter((l) => /^\s*(name|ip_address)\s*=/.test(l)), text(`no node named ${ctx.host.name} or at ${ctx.host.address}`, `没有名为 ${ctx.host.name} 或地址为 ${ctx.host.address} 的节点`))],
    }];
  }
  return [];
}

export function stackCauses(facts: HostFacts): Cause[] {
  const { stack, view } = facts;
  if (stack.problem) return [];
  const o2cbStep: RecoveryStep = {
    id: 'check-o2cb-service',
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    command: 'service o2cb status',
    text: text(
      'usdiag advice: find out why O2CB is not online (O2CB_ENABLED and O2CB_BOOTCLUSTER in /etc/default/o2cb, the o2cb service, its messages in syslog) and bring it online together with technical support.',
      'usdiag 建议：查明 O2CB 为何未上线（/etc/default/o2cb 中的 O2CB_ENABLED、O2CB_BOOTCLUSTER，o2cb 服务，syslog 中的相关信息），并与技术支持一起将其上线。',
    ),
  };
  if (stack.clusters.length === 0) {
    return [{
      kind: 'stack-offline',
      summary: text('the O2CB cluster stack is offline (no cluster under /sys/kernel/config/cluster)', 'O2CB 集群栈未上线（/sys/kernel/config/cluster 下没有集群）'),
      steps: ['compare-cluster-config', 'read-logs', 'restore-storage-access'],
      first: [o2cbStep],
      decisive: true,
      evidence: [evidence(stack.output, stack.output.stderr.trim() || '(empty)')],
    }];
  }
  const confName = view.conf?.clusters[0]?.name;
  if (confName && !stack.clusters.includes(confName)) {
    return [{
      kind: 'stack-other-cluster',
      summary: text(`the kernel runs O2CB cluster ${stack.clusters.join(', ')}, but cluster.conf names ${confName}`, `内核运行的 O2CB 集群是 ${stack.clusters.join('、')}，而 cluster.conf 中的集群名是 ${confName}`),
      steps: ['compare-cluster-config', 'restore-storage-access'],
      first: [o2cbStep],
      decisive: true,
    }];
  }
  const confNodes = view.conf?.nodes.map((n) => n.name) ?? [];
  const unknown = stack.nodes ? confNodes.filter((n) => !stack.nodes!.includes(n)) : [];
  if (unknown.length) {
    return [{
      kind: 'stack-stale-nodes',
      summary: text(
        `the running O2CB cluster does not know ${unknown.join(', ')} of cluster.conf (o2cb was not reloaded after the file changed)`,
        `运行中的 O2CB 集群不认识 cluster.conf 中的 ${unknown.join('、')}（修改配置文件后未重新加载 o2cb）`,
      ),
      steps: ['compare-cluster-config', 'restore-storage-access'],
      decisive: false,
    }];
  }
  return [];
}
