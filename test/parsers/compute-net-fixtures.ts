/** Fixture access for the OVS / NIC / qemu-img / libvirt parser tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** A real sample: fixtures/corpus/<dir>/<file>. */
export function corpus(dir: string, file: string): string {
  return readFileSync(join(root, 'corpus', dir, file), 'utf8');
}

/** Every sample file name of fixtures/corpus/<dir>. */
export function corpusFiles(dir: string): string[] {
  return readdirSync(join(root, 'corpus', dir)).filter((f) => f.endsWith('.txt')).sort();
}

/** A parser fixture: fixtures/parsers/<dir>/<file>. */
export function fixture(dir: string, file: string): string {
  return readFileSync(join(root, 'parsers', dir, file), 'utf8');
}

export function fixtureFiles(dir: string): string[] {
  return readdirSync(join(root, 'parsers', dir)).sort();
}
