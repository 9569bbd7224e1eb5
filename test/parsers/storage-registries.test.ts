import { describe, expect, it } from 'vitest';
import { parsers as multipath } from '../../src/parsers/multipath.js';
import { parsers as multipathFiles } from '../../src/parsers/multipath-files.js';
import { parsers as ocfs2 } from '../../src/parsers/ocfs2.js';
import { parsers as mount } from '../../src/parsers/mount.js';
import { parsers as df } from '../../src/parsers/df.js';
import { parsers as ps } from '../../src/parsers/ps.js';
import { parsers as kstack } from '../../src/parsers/kstack.js';
import { parsers as iostat } from '../../src/parsers/iostat.js';
import { parsers as diskstats } from '../../src/parsers/diskstats.js';
import { parsers as fenceLog } from '../../src/parsers/fence-log.js';
import { parsers as iscsi } from '../../src/parsers/iscsi.js';
import { parsers as syslog } from '../../src/parsers/syslog.js';
import { parsers as last } from '../../src/parsers/last.js';
import { corpus, corpusFiles } from './storage-fixtures.js';

const all: Record<string, (s: string) => { issues: readonly unknown[] }> = {
  ...multipath, ...multipathFiles, ...ocfs2, ...mount, ...df, ...ps, ...kstack, ...iostat, ...diskstats, ...fenceLog, ...iscsi, ...syslog, ...last,
};

describe('storage parser registries', () => {
  it('register every tool once under its corpus name', () => {
    expect(Object.keys(all).sort()).toEqual([
      'debugfs-dlm-locks', 'debugfs-fs-locks', 'df', 'df-h', 'dmesg-hung-task', 'iostat-x', 'iscsiadm-session', 'last-x', 'mount',
      'mounted-ocfs2-d', 'mounted-ocfs2-f', 'multipath-bindings', 'multipath-ll', 'multipath-wwids', 'o2cb-default',
      'ocfs2-cluster-conf', 'ocfs2-fence-log', 'proc-diskstats', 'proc-mounts', 'proc-pid-stack', 'ps', 'syslog',
    ]);
  });

  it('parse every corpus sample of the registered tools without issues', () => {
    const inCorpus = Object.keys(all).filter((tool) => {
      try {
        return corpusFiles(tool).length > 0;
      } catch {
        return false;
      }
    });
    expect(inCorpus.sort()).toEqual([
      'debugfs-fs-locks', 'df', 'df-h', 'dmesg-hung-task', 'iostat-x', 'mount', 'mounted-ocfs2-d', 'mounted-ocfs2-f',
      'multipath-ll', 'o2cb-default', 'ocfs2-cluster-conf', 'proc-pid-stack', 'ps',
    ]);
    for (const tool of inCorpus) {
      for (const file of corpusFiles(tool)) expect(all[tool]!(corpus(tool, file)).issues, `${tool}/${file}`).toEqual([]);
    }
  });
});
