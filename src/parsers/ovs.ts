/**
 * Open vSwitch parsers: bonds and LACP, the bridge/port tree, OpenFlow and
 * datapath flows. `parsers` maps `usdiag parse TOOL` names to them.
 */
import type { Parsed } from './types.js';
import { parseBondShow } from './ovs-bond.js';
import { parseLacpShow } from './ovs-lacp.js';
import { parseVsctlShow } from './ovs-vsctl.js';
import { parseDpifFlows, parseOfctlFlows } from './ovs-flows.js';

export * from './ovs-bond.js';
export * from './ovs-lacp.js';
export * from './ovs-vsctl.js';
export * from './ovs-flows.js';
export { ctZones, normaliseOvsKey } from './ovs-text.js';

export const parsers = {
  'ovs-appctl-bond-show': parseBondShow,
  'ovs-appctl-lacp-show': parseLacpShow,
  'ovs-vsctl-show': parseVsctlShow,
  'ovs-ofctl-dump-flows': parseOfctlFlows,
  'ovs-appctl-dpif-dump-flows': parseDpifFlows,
  'ovs-appctl-dpctl-dump-flows': parseDpifFlows,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
