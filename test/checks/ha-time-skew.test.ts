import { expect } from 'vitest';
import { testCheck } from '../support/check-tester.js';

const SSL_LOG = 'cvmnode01: tail -c 16M /var/log/caslog/cas_ha.log | grep -a -E -e \'SSL connection error: protocol version mismatch\' | tail -n 50';

testCheck('ha-time-skew', {
  ok: [{ hosts: ['@vms-healthy'], message: 'ok', values: { offset: '0 s' } }],
  cases: [
    {
      name: 'fails on a clock moved 20 days back, then names the SSL error and the missing skip_ssl, clock first',
      hosts: ['clock-back/cvmnode01'],
      status: 'fail',
      message: 'more',
      scope: 'platform',
      nested: ['clockBehind', 'sslError'],
      steps: ['compare-clock', 'fix-clock', 'check-skip-ssl', 'add-skip-ssl'],
      evidence: ['cvmnode01: date +%s', SSL_LOG],
      then: (r) => expect((r.data as { skewSeconds: number }).skewSeconds).toBe(-20 * 86400),
    },
    {
      name: 'fails on the SSL error when skip_ssl is missing, and says which log it read',
      hosts: ['ssl-error/cvmnode01'],
      status: 'fail',
      message: 'sslError',
      values: { file: '/var/log/caslog/cas_ha.log', count: 3, when: '2026-11-25 11:53:10', cnf: '/etc/mysql/mysql.conf.d/mysql.cnf' },
      steps: ['check-skip-ssl', 'add-skip-ssl'],
      evidence: [SSL_LOG],
      then: (r) => expect((r.data as { haLogsRead: string[] }).haLogsRead).toEqual(['/var/log/caslog/cas_ha.log']),
    },
    {
      name: 'warns when skip_ssl is set but the error goes on (the database has not read it)',
      hosts: ['skip-ssl-set/cvmnode01'],
      status: 'warn',
      message: 'sslErrorDespiteSkip',
      values: { cnf: '/etc/mysql/mysql.conf.d/mysql.cnf' },
      steps: ['check-skip-ssl'],
      evidence: [SSL_LOG, 'cvmnode01: cat /etc/mysql/mysql.conf.d/mysql.cnf'],
    },
    {
      name: 'warns on a clock minutes off the workstation\'s',
      hosts: ['clock-off/cvmnode01'],
      status: 'warn',
      message: 'clockOff',
      values: { offset: '5 min 0 s', direction: 'ahead of' },
      steps: ['compare-clock', 'fix-clock'],
    },
  ],
});
