import { expect } from 'vitest';
import { testCheck } from '../support/check-tester.js';

const CHOWN = ['check-db-ownership', 'fix-db-ownership', 'start-db-service'];

testCheck('db-connection', {
  ok: [{ hosts: ['@vms-healthy'], message: 'ok', values: { service: 'mysql', owner: '111:115' } }],
  cases: [
    {
      name: 'fails on files and schema directories not owned by mysql while the database is down, with the guide\'s chown of that directory',
      hosts: ['wrong-owner/cvmnode01'],
      status: 'fail',
      message: 'wrongOwner',
      values: { dir: '/var/lib/mysql', count: 7, files: /^aria_log_control \(0:0\), vservice \(0:0\), vservice\/db.opt/ },
      steps: CHOWN,
      filled: true,
      evidence: ['cvmnode01: service mysql status', "cvmnode01: stat -c '%A %u %U %g %G %s %n' -- /var/lib/mysql /var/lib/mysql-share /var/log/mariadb", 'cvmnode01: ls -lnA -- /var/lib/mysql', 'cvmnode01: ls -lnA -- /var/lib/mysql/vservice', 'cvmnode01: id mysql'],
      then: (r) => expect(r.recovery.find((s) => s.id === 'fix-db-ownership')!.command).toBe('chown mysql:mysql -R /var/lib/mysql'),
    },
    {
      name: 'warns on a log file of root while the database still runs',
      hosts: ['running-wrong-log/cvmnode01'],
      status: 'warn',
      message: 'wrongOwner',
      values: { dir: '/var/log/mariadb', count: 1 },
      steps: CHOWN,
      then: (r) => expect(r.recovery.find((s) => s.id === 'fix-db-ownership')!.command).toBe('chown mysql:mysql -R /var/log/mariadb'),
    },
    {
      name: 'gives the chown of /var/lib/mysql-share on a two-node VMS',
      hosts: ['dual-node/cvmnode01'],
      status: 'fail',
      message: 'wrongOwner',
      values: { dir: '/var/lib/mysql-share', count: 2 },
      steps: CHOWN,
      then: (r) => {
        expect(r.recovery.find((s) => s.id === 'fix-db-ownership')!.command).toBe('chown mysql:mysql -R /var/lib/mysql-share');
        expect((r.data as { dataDir: string }).dataDir).toBe('/var/lib/mysql-share');
      },
    },
    {
      name: 'fails on a full filesystem under the data directory (support)',
      hosts: ['disk-full/cvmnode01'],
      status: 'fail',
      message: 'full',
      values: { dir: '/var/lib/mysql', mount: '/', use: 100, avail: 0 },
      steps: ['check-db-space', 'contact-support'],
    },
    {
      name: 'fails on a database down with no cause usdiag sees, quoting the error log (power loss: support)',
      hosts: ['down-unexplained/cvmnode01'],
      status: 'fail',
      message: 'dbDown',
      values: { service: 'mysql', log: /mariadb.log: .*\[ERROR\] Aborting/ },
      steps: ['check-db-service', 'contact-support'],
      evidence: ['cvmnode01: service mysql status', expect.stringContaining('cvmnode01: tail -c 16M /var/log/mariadb/mariadb.log') as unknown as string],
    },
  ],
});
