/**
 * OCFS2 parsers, one module per command family; this module re-exports them
 * and registers them for `usdiag parse TOOL FILE`.
 */
import type { Parsed } from './types.js';
import { parseFsLocks } from './ocfs2-locks.js';
import { parseDlmLocks } from './ocfs2-dlm.js';
import { parseClusterConf } from './ocfs2-config.js';
import { parseO2cbDefaults } from './ocfs2-o2cb.js';
import { parseMountedOcfs2 } from './ocfs2-mounted.js';

export * from './ocfs2-debugfs.js';
export * from './ocfs2-locks.js';
export * from './ocfs2-dlm.js';
export * from './ocfs2-config.js';
export * from './ocfs2-o2cb.js';
export * from './ocfs2-mounted.js';

export const parsers = {
  'debugfs-fs-locks': parseFsLocks,
  'debugfs-dlm-locks': parseDlmLocks,
  'ocfs2-cluster-conf': parseClusterConf,
  'o2cb-default': parseO2cbDefaults,
  'mounted-ocfs2-d': parseMountedOcfs2,
  'mounted-ocfs2-f': parseMountedOcfs2,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
