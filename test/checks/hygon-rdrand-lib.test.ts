/** hygon-rdrand's helpers: the guest system guess and the `<cpu>` element to write. */
import { describe, expect, it } from 'vitest';
import { withRdrandOff } from '../../checks/compute/hygon-rdrand/index.js';
import { guessGuest } from '../../checks/compute/hygon-rdrand/guest-os.js';
import type { CommandOutput } from '../../src/engine/types.js';
import { corpus } from '../parsers/compute-net-fixtures.js';

const out = (stdout: string) => ({ stdout }) as CommandOutput;

describe('the <cpu> element with rdrand disabled', () => {
  it('opens a self-closing element (a /etc/libvirt/qemu file of the corpus)', () => {
    expect(withRdrandOff(out(corpus('libvirt-domain-xml', 'unidentified-k8s01-1.txt')))).toBe(
      "  <cpu mode='host-model' check='partial'>\n    <feature policy='disable' name='rdrand'/>\n  </cpu>",
    );
  });

  it('adds the line before </cpu> of an element with children', () => {
    const xml = "<domain>\n  <cpu mode='host-passthrough' check='none'>\n    <topology sockets='1' cores='3' threads='1'/>\n  </cpu>\n</domain>\n";
    expect(withRdrandOff(out(xml)).split('\n')).toEqual([
      "  <cpu mode='host-passthrough' check='none'>", "    <topology sockets='1' cores='3' threads='1'/>", "    <feature policy='disable' name='rdrand'/>", '  </cpu>',
    ]);
  });
});

describe('the guest system guess', () => {
  it('trusts libosinfo most, then title and description, then the name', () => {
    expect(guessGuest({ name: 'x', osId: 'http://centos.org/centos/6.8' }, 'x', false)).toEqual({ os: 'CentOS 6.8', oldKernel: true, confidence: 0.9, source: 'libosinfo' });
    expect(guessGuest({ name: 'x', osId: 'http://centos.org/centos/7.0' }, 'centos6-x', false)).toMatchObject({ oldKernel: false, confidence: 0.9 });
    expect(guessGuest({ name: 'x', title: 'CentOS 6.5 web' }, 'x', false)).toMatchObject({ os: 'CentOS/RHEL 6.5', oldKernel: true, confidence: 0.7, source: 'title' });
    expect(guessGuest({ name: 'x', description: 'Red Hat Enterprise Linux 5' }, 'x', false)).toMatchObject({ oldKernel: true, source: 'description' });
    expect(guessGuest({ name: 'x' }, 'centos6_db', false)).toMatchObject({ oldKernel: true, confidence: 0.4, source: 'name' });
    expect(guessGuest({ name: 'x' }, 'win2012-ad', false)).toMatchObject({ oldKernel: false, source: 'name' });
  });

  it('counts the soft lockup of the qemu log, and says 0 when nothing names the guest', () => {
    expect(guessGuest({ name: 'x' }, 'centos6_db', true)).toMatchObject({ oldKernel: true, confidence: 0.8 });
    expect(guessGuest({ name: 'x' }, 'db01', true)).toEqual({ oldKernel: true, confidence: 0.7, source: 'qemu-log' });
    expect(guessGuest({ name: 'x' }, 'db01', false)).toEqual({ oldKernel: false, confidence: 0 });
    expect(guessGuest({ name: 'x' }, 'centos-db', false)).toEqual({ oldKernel: false, confidence: 0 });
  });
});
