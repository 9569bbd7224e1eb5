import { describe, expect, it } from 'vitest';
import { parseStatFiles } from '../../src/parsers/stat-files.js';
import { fixture, GARBAGE, truncate } from './storage-fixtures.js';

describe('parseStatFiles', () => {
  it('reads the files that exist from a real stat -c "%Y %s %n"', () => {
    const r = parseStatFiles(fixture('stat-files', 'debian12-var-log.txt'));
    expect(r.issues).toEqual([]);
    expect(r.incomplete).toBeUndefined();
    expect(r.value).toEqual([
      { path: '/var/log/dpkg.log', mtime: new Date(1795578019000), sizeBytes: 353291 },
      { path: '/var/log/alternatives.log', mtime: new Date(1790052345000), sizeBytes: 26261 },
      { path: '/var/log/faillog', mtime: new Date(1747699200000), sizeBytes: 0 },
    ]);
  });

  it('keeps spaces in names and tolerates CRLF and trailing blanks', () => {
    const r = parseStatFiles('1795578019 12 /vms/IPsan St 001/a log  \r\n\n1790052345 7 /var/log/syslog\r\n');
    expect(r.value.map((f) => f.path)).toEqual(['/vms/IPsan St 001/a log', '/var/log/syslog']);
    expect(r.issues).toEqual([]);
  });

  it('reports a cut last line and lines that are not its format', () => {
    const cut = parseStatFiles(truncate(fixture('stat-files', 'debian12-var-log.txt'), 0.5));
    expect(cut.incomplete).toBe(true);
    expect(cut.value[0]!.path).toBe('/var/log/dpkg.log');
    const mixed = parseStatFiles("stat: cannot stat '/var/log/syslog.1': No such file or directory\n1795578019 353291 /var/log/dpkg.log\n");
    expect(mixed.value).toHaveLength(1);
    expect(mixed.issues).toEqual([{ line: 1, text: "stat: cannot stat '/var/log/syslog.1': No such file or directory", reason: 'expected "EPOCH SIZE NAME"' }]);
  });

  it('never throws on garbage', () => {
    for (const g of GARBAGE) {
      const r = parseStatFiles(g);
      expect(r.value).toEqual([]);
      expect(r.issues.length).toBeGreaterThan(0);
    }
    expect(parseStatFiles('')).toEqual({ value: [], issues: [] });
  });
});
