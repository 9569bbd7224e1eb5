/**
 * Causes of a pool failing to start that lie in the host's place in the
 * OCFS2 cluster: no cluster.conf or not named in it, and the O2CB stack the
 * kernel runs (offline, another cluster, nodes cluster.conf added since).
 */
import { excerpt } from '../../../src/engine/outputs.js';
import type { CheckContext } from '../../../src/engine/types.js';
import { list } from '../../../src/i18n/message.js';
import { type Cause, type HostFacts, stderrEvidence } from './facts.js';
import type { SayPool } from './messages.js';

export function membershipCauses(ctx: CheckContext, say: SayPool, facts: HostFacts): Cause[] {
  const { view } = facts;
  const host = ctx.host.name;
  if (view.confOutput.read.kind === 'absent') {
    return [{
      kind: 'no-cluster-conf',
      summary: say.msg('noClusterConf', { host }),
      steps: ['compare-cluster-config', 'restore-storage-access'],
      decisive: true,
      evidence: [stderrEvidence(view.confOutput)],
    }];
  }
  if (view.conf && view.localNode === undefined) {
    // The names and addresses the file has: none of them is this host.
    const named = [...view.conf.clusters, ...view.conf.nodes].flatMap((s) => [s.keyLines.name, s.keyLines.ip_address].filter((n): n is number => n !== undefined));
    return [{
      kind: 'not-in-cluster-conf',
      summary: say.msg('notInClusterConf', { host }),
      steps: ['compare-cluster-config', 'restore-storage-access'],
      decisive: true,
      evidence: [excerpt(view.confOutput, named, say.msg('noSuchNode', { host, address: ctx.host.address }))],
    }];
  }
  return [];
}

export function stackCauses(say: SayPool, facts: HostFacts): Cause[] {
  const { stack, view } = facts;
  if (stack.problem) return [];
  if (stack.clusters.length === 0) {
    return [{
      kind: 'stack-offline',
      summary: say.msg('stackOffline'),
      steps: ['compare-cluster-config', 'read-logs', 'restore-storage-access'],
      first: ['check-o2cb-service'],
      decisive: true,
      evidence: [stderrEvidence(stack.output, stack.output.stderr.trim() ? undefined : say.msg('noClusterListed'))],
    }];
  }
  const confName = view.conf?.clusters[0]?.name;
  if (confName && !stack.clusters.includes(confName)) {
    return [{
      kind: 'stack-other-cluster',
      summary: say.msg('stackOtherCluster', { running: list(stack.clusters), configured: confName }),
      steps: ['compare-cluster-config', 'restore-storage-access'],
      first: ['check-o2cb-service'],
      decisive: true,
    }];
  }
  const confNodes = view.conf?.nodes.map((n) => n.name) ?? [];
  const unknown = stack.nodes ? confNodes.filter((n) => !stack.nodes!.includes(n)) : [];
  if (unknown.length) {
    return [{
      kind: 'stack-stale-nodes',
      summary: say.msg('stackStaleNodes', { nodes: list(unknown) }),
      steps: ['compare-cluster-config', 'restore-storage-access'],
      decisive: false,
    }];
  }
  return [];
}
