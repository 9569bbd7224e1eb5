/**
 * Whether the O2CB cluster stack runs on a host, read where the kernel keeps
 * it: configfs. `o2cb online` registers the cluster as
 * /sys/kernel/config/cluster/<name> and each node of cluster.conf under
 * .../node/<name>; `/etc/init.d/o2cb status` reads the same directories, but
 * its wording differs between ocfs2-tools releases and init systems, the
 * directories do not. Without a registered cluster no OCFS2 pool can mount.
 */
import { readProblem } from '../../../src/engine/outputs.js';
import type { CommandOutput, HostContext } from '../../../src/engine/types.js';
import type { Msg } from '../../../src/i18n/message.js';
import { parseLsNames } from '../../../src/parsers/sysfs-storage.js';
import { type Command, cmd } from '../../../src/transport/command.js';

export const CONFIGFS_CLUSTERS = cmd('ls', '/sys/kernel/config/cluster');
export const configfsNodes = (cluster: string): Command => cmd('ls', `/sys/kernel/config/cluster/${cluster}/node`);

export interface ClusterStack {
  /** Clusters the kernel runs (normally one). Empty: O2CB is offline. */
  readonly clusters: readonly string[];
  /** Node names the running cluster knows, when readable. */
  readonly nodes?: readonly string[] | undefined;
  readonly output: CommandOutput;
  readonly nodesOutput?: CommandOutput | undefined;
  readonly problem?: Msg | undefined;
}

export async function readClusterStack(host: HostContext): Promise<ClusterStack> {
  const output = await host.run(CONFIGFS_CLUSTERS);
  // configfs not mounted or the o2cb modules not loaded: the stack is down, which is an answer.
  if (output.read.kind === 'absent') return { clusters: [], output };
  const why = readProblem(output);
  if (why) return { clusters: [], output, problem: why };
  const clusters = parseLsNames(output.stdout).value;
  if (clusters.length === 0) return { clusters, output };
  const nodesOutput = await host.run(configfsNodes(clusters[0]!));
  const nodes = readProblem(nodesOutput) ? undefined : parseLsNames(nodesOutput.stdout).value;
  return { clusters, nodes, output, nodesOutput };
}
