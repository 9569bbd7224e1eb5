import { expect } from 'vitest';
import { testCheck } from '../support/check-tester.js';

const OLD = '36000eb34fe49de76000000000004064';
const NEW = '36000eb34fe49de76000000000004065';
const SYSLOG = "cvknode11: tail -c 16M /var/log/syslog | grep -a -E -e '[Ww][Ww][Ii][Dd]|5106' | tail -n 400";
const PLATFORM_LOG = "vms01: tail -c 16M /var/log/caslog/cas.log | grep -a -E -e '5106|配置多路径失败' | tail -n 50";
const WWID_CHANGE = ['compare-wwid', 'ask-storage-admin', 'flush-stale-map', 'rescan-paths', 'retry-add-pool', 'remap-volume'];

testCheck('multipath-wwid', {
  ok: [
    { hosts: ['@vks-healthy'], message: 'allWorking', values: { count: 1 } },
    // a WWID change older than a week is history
    { hosts: ['old-wwid-change'], message: 'allWorking' },
  ],
  cases: [
    {
      name: 'warns about a failed path while the map still has a working one',
      hosts: ['one-path-failed'],
      status: 'warn',
      message: 'pathsFailed',
      values: { map: 'mpatha', wwid: OLD, failed: 1, total: 2, devices: 'sdd', more: '' },
      steps: ['check-failed-path-links', 'check-paths'],
      evidence: ['cvknode11: multipath -ll'],
      filled: true,
      then: (r) => {
        // the map's header and its failed path, not the working one
        expect(r.evidence[0]!.excerpt).toBe(`mpatha (${OLD}) dm-0 HUAWEI,XSG1\n  \`- 2:0:0:1 sdd 8:48 failed faulty running`);
        expect(r.recovery[0]!.text.en).toContain('(sdd)');
      },
    },
    {
      name: 'fails a map with no working path',
      hosts: ['all-paths-failed'],
      status: 'fail',
      message: 'noWorkingPath',
      values: { map: 'mpatha', wwid: OLD, total: 2 },
      steps: ['check-failed-path-links', 'check-paths', 'compare-wwid'],
      evidence: ['cvknode11: multipath -ll'],
      filled: true,
      then: (r) => expect(r.recovery[0]!.text.en).toContain('(sdc, sdd)'),
    },
    {
      name: 'fails on a WWID change in the log: the array changed the volume after mapping (5106)',
      hosts: ['wwid-changed'],
      status: 'fail',
      message: 'wwidChanged',
      values: { count: 2, more: ' (+1 more)' },
      nested: ['more'],
      steps: WWID_CHANGE,
      // the log lines, the WWID multipath remembers, the new map
      evidence: [SYSLOG, 'cvknode11: cat /etc/multipath/wwids', 'cvknode11: multipath -ll'],
      filled: true,
      then: (r) => {
        expect(r.evidence[0]!.excerpt).toContain(`sdc: path wwid changed from '${OLD}' to '${NEW}'`);
        expect(r.evidence[1]!.excerpt).toBe(`/${OLD}/`);
        expect(r.recovery[0]!.text.en).toContain(OLD);
        expect(r.recovery.find((s) => s.id === 'flush-stale-map')!.text.en).toContain('multipath -f mpathb');
        expect(r.data).toMatchObject({ staleWwids: [OLD], unclaimedMaps: ['mpathb'], staleBindings: ['mpatha'], wwidChangeLines: 2 });
      },
    },
    {
      name: 'warns when a remembered WWID lost its map while a new one appeared, even without log lines',
      hosts: ['stale-wwid'],
      status: 'warn',
      message: 'staleWwid',
      values: { stale: OLD, maps: `mpathb (${NEW})`, more: '' },
      nested: ['mapOf'],
      steps: WWID_CHANGE,
      evidence: ['cvknode11: cat /etc/multipath/wwids', 'cvknode11: multipath -ll'],
      filled: true,
    },
    {
      name: 'is not applicable without multipath',
      hosts: ['not-installed'],
      status: 'skipped',
      skipReason: 'not-applicable',
      message: 'notInstalled',
      steps: [],
    },
    {
      name: 'is not applicable without multipath maps',
      hosts: ['no-maps'],
      status: 'skipped',
      skipReason: 'not-applicable',
      message: 'noMaps',
      steps: [],
    },
    {
      name: 'cannot decide when multipath -ll does not answer',
      hosts: ['ll-hangs'],
      status: 'unknown',
      message: 'unreadable',
      values: { why: /multipath -ll/ },
    },
    {
      name: "adds error 5106 from the management node's log to the WWID finding",
      hosts: ['wwid-changed', 'vms-5106/vms01'],
      status: 'fail',
      message: 'wwidChanged',
      values: { more: ' (+2 more)' },
      steps: WWID_CHANGE,
      evidence: [SYSLOG, 'cvknode11: cat /etc/multipath/wwids', 'cvknode11: multipath -ll', PLATFORM_LOG],
      then: (r) => expect(r.evidence.at(-1)!.excerpt).toContain('（错误代码：5106）'),
    },
    {
      name: 'warns on a logged 5106 even when the paths look fine now',
      hosts: ['@vks-healthy', 'vms-5106/vms01'],
      status: 'warn',
      message: 'platform5106',
      values: { platform: 'vms01', count: 1, more: '' },
      steps: ['check-paths', 'compare-wwid', 'ask-storage-admin'],
      evidence: [PLATFORM_LOG],
    },
  ],
});
