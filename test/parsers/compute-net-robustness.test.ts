/**
 * Every OVS / NIC / qemu-img / qcow2 / virsh / libvirt parser must survive any
 * input: garbage, other tools' output, truncation, CRLF and colour escapes.
 */
import { describe, expect, it } from 'vitest';
import type { Parsed } from '../../src/parsers/types.js';
import { parsers as ovs } from '../../src/parsers/ovs.js';
import { parsers as net } from '../../src/parsers/net.js';
import { parsers as ethtool } from '../../src/parsers/ethtool.js';
import { parsers as qemuImg } from '../../src/parsers/qemu-img.js';
import { parsers as qcow2 } from '../../src/parsers/qcow2-header.js';
import { parsers as virsh } from '../../src/parsers/virsh.js';
import { parsers as libvirt } from '../../src/parsers/libvirt-xml.js';
import { corpus, corpusFiles, fixture, fixtureFiles } from './compute-net-fixtures.js';

const registries = [ovs, net, ethtool, qemuImg, qcow2, virsh, libvirt];
const all: Record<string, (s: string) => Parsed<unknown>> = Object.assign({}, ...registries);

/** Corpus directories these parsers own (registry names that have samples). */
const dirs = Object.keys(all).filter((tool) => {
  try {
    return corpusFiles(tool).length > 0;
  } catch {
    return false;
  }
});

const samples: string[] = [
  ...dirs.flatMap((d) => corpusFiles(d).map((f) => corpus(d, f))),
  ...['ovs', 'net', 'qemu-img', 'qcow2-header', 'virsh', 'libvirt-xml'].flatMap((d) =>
    fixtureFiles(d)
      .filter((f) => /\.(txt|xml)$/.test(f))
      .map((f) => fixture(d, f)),
  ),
];

/** Deterministic pseudo-random text (no flaky failures). */
function noise(seed: number, length: number): string {
  let x = seed;
  let s = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    s += String.fromCharCode(x % 7 === 0 ? 10 : 32 + (x % 95));
  }
  return s;
}

const garbage = [
  '',
  '\n\n\n',
  '\x00\x01\x02\xff\ufffd',
  'x'.repeat(100_000),
  '<<<>>>',
  '{',
  '[1, {"a": [}',
  '---- ----\n----\n',
  ':\n::\n: : :\n',
  '0000000 zz\n*\n',
  '1: : <> mtu\n    RX:\n',
  'ERROR\nLeaked cluster x\n',
  ...Array.from({ length: 8 }, (_, i) => noise(i + 1, 2000)),
];

describe('compute/network parsers never throw', () => {
  it('registries name every tool once', () => {
    expect(Object.keys(all)).toHaveLength(registries.reduce((n, r) => n + Object.keys(r).length, 0));
  });

  it.each(Object.keys(all))('%s survives garbage and every other tool\u2019s output', (tool) => {
    for (const input of [...garbage, ...samples]) {
      const r = all[tool]!(input);
      expect(r).toHaveProperty('value');
      expect(Array.isArray(r.issues)).toBe(true);
    }
  });

  it.each(dirs)('%s survives its samples cut anywhere', (tool) => {
    for (const file of corpusFiles(tool)) {
      const text = corpus(tool, file);
      for (let cut = 0; cut < text.length; cut += Math.max(1, Math.floor(text.length / 23))) {
        expect(() => all[tool]!(text.slice(0, cut))).not.toThrow();
      }
    }
  });

  it.each(dirs)('%s reads CRLF and colour-escaped samples like the plain ones', (tool) => {
    for (const file of corpusFiles(tool)) {
      const text = corpus(tool, file);
      const plain = all[tool]!(text).value;
      expect(all[tool]!(text.replace(/\n/g, '\r\n')).value, `${tool}/${file} CRLF`).toEqual(plain);
      const coloured = text
        .split('\n')
        .map((l) => (l === '' ? l : `\x1b[1m${l}\x1b[0m`))
        .join('\n');
      expect(all[tool]!(coloured).value, `${tool}/${file} ANSI`).toEqual(plain);
    }
  });
});
