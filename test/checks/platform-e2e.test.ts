/**
 * The alarms and platform suite (guide 3.7, 3.8) end to end: the real CLI
 * over SSH against simulated hosts, every command checked against the
 * independent denylist (scanSimCluster).
 */
import { describe, expect, it } from 'vitest';
import { runCli, scanSimCluster } from '../support/cli.js';
import { hostDir } from '../support/fixture-run.js';

const SUITE = ['nic-fault', 'mce', 'ui-login', 'db-connection', 'ui-hang', 'vm-stuck', 'usb-device', 'ha-time-skew'];
const statusOf = (run: Awaited<ReturnType<typeof scanSimCluster>>) => Object.fromEntries(run.report.results.map((r) => [`${r.host} ${r.check}`, r.status]));

describe('the alarms and platform checks over SSH', () => {
  it('are ok on a healthy VMS and VKS (the others skip by role)', async () => {
    const run = await scanSimCluster([hostDir('vms-healthy'), hostDir('vks-healthy')], SUITE);
    expect(run.stderr).toBe('');
    expect(statusOf(run)).toEqual({
      'cvmnode01 nic-fault': 'ok', 'cvmnode01 mce': 'ok', 'cvmnode01 ui-login': 'ok', 'cvmnode01 db-connection': 'ok',
      'cvmnode01 ui-hang': 'ok', 'cvmnode01 vm-stuck': 'skipped', 'cvmnode01 usb-device': 'skipped', 'cvmnode01 ha-time-skew': 'ok',
      'cvknode11 nic-fault': 'ok', 'cvknode11 mce': 'ok', 'cvknode11 ui-login': 'skipped', 'cvknode11 db-connection': 'skipped',
      'cvknode11 ui-hang': 'ok', 'cvknode11 vm-stuck': 'ok', 'cvknode11 usb-device': 'ok', 'cvknode11 ha-time-skew': 'skipped',
    });
    expect(run.code).toBe(0);
    // the cookie is stat'ed, never read
    expect(run.recorded.filter((r) => r.key?.includes('.erlang.cookie')).map((r) => r.key)).toEqual(["stat -c '%A %u %U %g %G %s %n' -- /var/lib/rabbitmq/.erlang.cookie"]);
  }, 60_000);

  it.each([
    ['nic-fault', 'nic-fault/no-carrier/cvknode11', 'warn', /eth1 \(member of vswitch0_bond on vswitch0\) has no carrier/],
    ['mce', 'mce/uncorrected/cvknode11', 'fail', /1 uncorrected hardware error\(s\) on cvknode11/],
    ['ui-login', 'ui-login/ports-blocked/cvmnode01', 'fail', /iptables drops port\(s\) 4369, 5672/],
    ['db-connection', 'db-connection/wrong-owner/cvmnode01', 'fail', /entr\(ies\) of \/var\/lib\/mysql are not owned by mysql/],
    ['ui-hang', 'ui-hang/tasks/cvknode11', 'warn', /a snapshot of win7 running for/],
    ['vm-stuck', 'vm-stuck/usb/cvknode11', 'fail', /VM centos-db is frozen: qemu pid 3611/],
    ['usb-device', 'usb-device/enumeration/cvknode11', 'fail', /cannot enumerate the USB device on 2-1\.3/],
    ['ha-time-skew', 'ha-time-skew/clock-back/cvmnode01', 'fail', /The VMS clock is 20 d 0 h behind/],
  ])('%s finds its fault on %s', async (id, host, status, summary) => {
    const run = await scanSimCluster([hostDir(...host.split('/'))], [id]);
    const r = run.report.results[0]!;
    expect({ status: r.status, summary: r.summary }).toMatchObject({ status, summary: expect.stringMatching(summary) });
    expect(r.recovery.length).toBeGreaterThan(0);
  }, 60_000);

  it('usb-device --watch samples lsusb while the device is plugged in', async () => {
    const run = await scanSimCluster([hostDir('usb-device', 'watch-appeared', 'cvknode11')], ['usb-device'], ['--watch', '2']);
    const r = run.report.results[0]!;
    expect(r.status).toBe('ok');
    expect(r.summary).toMatch(/0951:1666 Kingston .* appear on bus 2 port 1\.3 at 480M, under ehci-pci \(480M\)/);
    expect(run.recorded.filter((c) => c.key === 'lsusb')).toHaveLength(2);
  }, 60_000);

  it('refuses --watch for anything but usdiag check usb-device (exit 64)', async () => {
    for (const args of [['scan', '--host', '10.0.0.5', '--watch', '10'], ['check', 'usb-device,mce', '--host', '10.0.0.5', '--watch', '10'], ['check', 'nic-fault', '--host', '10.0.0.5', '--watch', '10']]) {
      const r = await runCli(args);
      expect(r.code).toBe(64);
      expect(r.stderr).toContain('--watch SECONDS');
    }
    expect((await runCli(['check', 'usb-device', '--host', '10.0.0.5', '--watch', 'x'])).code).toBe(64);
  });
});
