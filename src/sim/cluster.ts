/**
 * A whole simulated cluster: one SSH server per fixture profile, each on its
 * own loopback address (127.0.0.X), so that checks which map an OCFS2 node's
 * IP to an inventory host by address work as on a real cluster. Writes what
 * usdiag needs to reach it: a client key, a known_hosts file and an inventory.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { loadHostCapture } from '../capture/layout.js';
import { generateKeyPair } from './keys.js';
import { startSimHost } from './sim-host.js';
import type { SimCluster, SimHost, SimHostSpec } from './types.js';

const LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
/** Allocated addresses start here, clear of 127.0.0.1 which other local services use. */
const FIRST_ALLOCATED = 2;

export interface SimClusterOptions {
  /** Where to write the key, known_hosts and inventory; a temporary directory (removed on close) when absent. */
  readonly dir?: string | undefined;
  readonly maxSessions?: number | undefined;
  /** Login user written to the inventory and accepted by every host. */
  readonly user?: string | undefined;
}

export async function startSimCluster(specs: readonly SimHostSpec[], opts: SimClusterOptions = {}): Promise<SimCluster> {
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'usdiag-sim-'));
  mkdirSync(dir, { recursive: true });
  const user = opts.user ?? 'root';
  const profiles = specs.map((s) => ({ spec: s, info: loadHostCapture(s.profileDir).info }));
  const addresses = assignLoopbacks(profiles.map((p) => p.info.address));

  const client = generateKeyPair('ed25519', { comment: 'usdiag-sim' });
  const identityPath = join(dir, 'id_ed25519');
  writeFileSync(identityPath, client.private, { mode: 0o600 });
  chmodSync(identityPath, 0o600);
  writeFileSync(`${identityPath}.pub`, `${client.public}\n`);

  const hosts: SimHost[] = [];
  try {
    for (let i = 0; i < profiles.length; i++) {
      hosts.push(await startSimHost(profiles[i]!.spec, { user, publicKeys: [client.public] }, { address: addresses[i], maxSessions: opts.maxSessions }));
    }
  } catch (e) {
    await Promise.all(hosts.map((h) => h.close()));
    if (ownDir) rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  const knownHostsPath = join(dir, 'known_hosts');
  writeFileSync(knownHostsPath, hosts.map((h) => `${h.knownHostsLine}\n`).join(''), { mode: 0o600 });
  const inventoryPath = join(dir, 'inventory.yaml');
  const inventory = {
    defaults: { user, identityFile: identityPath, knownHostsFile: knownHostsPath },
    hosts: hosts.map((h, i) => {
      const roles = profiles[i]!.info.roles;
      return { name: h.name, address: h.address, port: h.port, ...(roles.length ? { role: roles.length === 1 ? roles[0] : [...roles] } : {}) };
    }),
  };
  writeFileSync(inventoryPath, stringifyYaml(inventory));

  return {
    hosts,
    dir,
    inventoryPath,
    knownHostsPath,
    identityPath,
    recorded: () => hosts.flatMap((h) => h.recorded).sort((a, b) => a.at.localeCompare(b.at)),
    async close() {
      await Promise.all(hosts.map((h) => h.close()));
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One distinct loopback address per host: the profile's own when it is a
 * 127.x address (fixtures whose cluster.conf names 127.0.0.X), else the next free one.
 */
export function assignLoopbacks(wanted: readonly string[]): string[] {
  const taken = new Set<string>();
  for (const a of wanted) {
    if (!LOOPBACK.test(a)) continue;
    if (taken.has(a)) throw new Error(`two simulated hosts ask for the same address ${a}`);
    taken.add(a);
  }
  let next = FIRST_ALLOCATED;
  return wanted.map((a) => {
    if (LOOPBACK.test(a)) return a;
    while (taken.has(loopback(next))) next++;
    if (next > 254 * 256) throw new Error('out of loopback addresses');
    const addr = loopback(next);
    taken.add(addr);
    return addr;
  });
}

/** The n-th loopback address (n >= 1), skipping .0 and .255 in the last octet. */
function loopback(n: number): string {
  return `127.0.${Math.floor((n - 1) / 254)}.${((n - 1) % 254) + 1}`;
}
