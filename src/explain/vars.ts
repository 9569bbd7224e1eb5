/**
 * What the pasted text already says about the steps' placeholders: the
 * image path in "Could not open '/vms/pool/vm1.qcow2'", the VM of a qemu
 * log path, a device, a lock name, a WWID, a NIC. Explain fills them in, as
 * a check fills in what it found; what the text does not say stays `<name>`.
 */
import type { Vars } from '../i18n/text.js';

const EXTRACTORS: readonly (readonly [name: string, patterns: readonly RegExp[]])[] = [
  ['image', [/(?:^|[\s'"=(,:[])(\/[^\s'"(),;[\]]+?\.(?:qcow2|qcow|img|raw|vmdk))(?=$|[\s'"),;:\]])/]],
  ['vm', [
    /\/var\/log\/libvirt\/qemu\/([^/\s'"]+?)\.log\b/,
    /\bdomain\s+'([^'\s]+)'/i,
    /\bdomain\s+"([^"\s]+)"/i,
    /\s-name\s+(?:guest=)?([^,\s]+)/,
  ]],
  ['device', [/(?:^|[\s'"(=:])(\/dev\/(?:sd[a-z]+|vd[a-z]+|xvd[a-z]+|dm-\d+|nvme\d+n\d+|mapper\/[\w.-]+))(?=$|[\s'"),:;])/]],
  ['lockres', [/\b([A-Z]0{10,}[0-9a-f]{0,32})\b/]],
  ['wwid', [/\b(3[0-9a-f]{31,32})\b/]],
  ['iface', [/\b((?:eth|ens|enp|eno|bond)[0-9][\w.]*)\b/]],
];

/** Placeholder values read from the lines that matched (first line that names one wins). */
export function varsFromText(lines: readonly string[]): Vars {
  const vars: Record<string, string> = {};
  for (const [name, patterns] of EXTRACTORS) {
    for (const line of lines) {
      const hit = patterns.map((p) => p.exec(line)?.[1]).find((v) => v !== undefined);
      if (hit !== undefined) {
        vars[name] = hit;
        break;
      }
    }
  }
  return vars;
}
