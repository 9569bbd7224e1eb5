/** The scale flags: defaults, bounds, and --concurrency as it was. */
import { describe, expect, it } from 'vitest';
import { parseScanFlags } from '../../src/cli/flags.js';
import { UsageError } from '../../src/cli/io.js';

describe('scale flags', () => {
  it('defaults to 16 hosts at work, 512 in their turn, 16 handshakes', () => {
    const c = parseScanFlags({ host: ['a'] });
    expect([c.concurrency, c.maxConnections, c.maxHandshakes]).toEqual([16, 512, 16]);
  });

  it('takes each limit on its own', () => {
    const c = parseScanFlags({ host: ['a'], concurrency: '4', maxConnections: '300', maxHandshakes: '2' });
    expect([c.concurrency, c.maxConnections, c.maxHandshakes]).toEqual([4, 300, 2]);
  });

  it.each([['maxConnections', '0'], ['maxHandshakes', '1.5'], ['concurrency', '0']])('refuses %s %s', (flag, value) => {
    expect(() => parseScanFlags({ host: ['a'], [flag]: value })).toThrow(UsageError);
  });
});
