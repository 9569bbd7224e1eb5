/**
 * What a VM's guest system probably is, from what its host can read without
 * entering it, and how sure that is (0 to 1):
 * - the libosinfo os id libvirt tools write into `<metadata>` (0.9: chosen
 *   when the VM was created, rarely wrong);
 * - the title or description the users wrote (0.7);
 * - the VM's name (0.4: names like `centos6-db` are common, but only names);
 * - soft lockup / get_random_bytes lines in its qemu log, the guide's
 *   symptom (raise an old-kernel guess to at least 0.8, or make one at 0.7:
 *   on a Hygon 7280 host with rdrand exposed it is the guide's fault).
 */
import type { DomainGuest } from '../../../src/parsers/libvirt-xml-guest.js';

export type GuestSource = 'libosinfo' | 'title' | 'description' | 'name' | 'qemu-log';

export interface GuestGuess {
  /** `CentOS 6.8`, `Windows`, ...; undefined when nothing names it. */
  readonly os?: string;
  /** A CentOS/RHEL 5 or 6 kernel (2.6.18, 2.6.32): the guide's affected guests. */
  readonly oldKernel: boolean;
  readonly confidence: number;
  readonly source?: GuestSource;
}

const CONFIDENCE: Record<Exclude<GuestSource, 'qemu-log'>, number> = { libosinfo: 0.9, title: 0.7, description: 0.7, name: 0.4 };

/** `http://centos.org/centos/6.8`, `http://redhat.com/rhel/6.10`, `http://microsoft.com/win/10`. */
function fromOsId(id: string): Omit<GuestGuess, 'confidence' | 'source'> | undefined {
  const m = /\/\/([^/]+)\/([^/]+)\/([\w.-]+)/.exec(id);
  if (!m) return undefined;
  const [, , family, version] = m as unknown as [string, string, string, string];
  const major = Number(version.split('.')[0]);
  if (family === 'centos' || family === 'rhel') {
    const name = family === 'centos' ? 'CentOS' : 'RHEL';
    return { os: `${name} ${version}`, oldKernel: major === 5 || major === 6 };
  }
  return { os: `${family === 'win' ? 'Windows' : family} ${version}`, oldKernel: false };
}

const OLD = /\b(?:cent\s*os|centos|rhel|red\s*hat(?:\s+enterprise\s+linux)?)[\s_-]*(?:linux[\s_-]*)?([56])(?:[._](\d+))?(?!\d)/i;
const NEWER = /\b(?:cent\s*os|centos|rhel|red\s*hat)[\s_-]*(?:linux[\s_-]*)?([789]|1\d)(?![\d])|\b(?:win(?:dows)?[\s_-]*(?:\d|xp|server|7|10)|win\d|ubuntu|debian|kylin|uos|suse|sles|fedora|euler|openeuler|anolis|rocky|alma)/i;

/** A free text (title, description, name) naming the guest system. */
function fromText(text: string): Omit<GuestGuess, 'confidence' | 'source'> | undefined {
  text = text.slice(0, 1000);
  const old = OLD.exec(text);
  if (old) return { os: `CentOS/RHEL ${old[1]}${old[2] !== undefined ? `.${old[2]}` : ''}`, oldKernel: true };
  if (/\b2\.6\.(?:18|32)\b/.test(text)) return { os: 'kernel 2.6', oldKernel: true };
  const newer = NEWER.exec(text);
  if (newer) return { os: newer[0].trim(), oldKernel: false };
  return undefined;
}

export function guessGuest(guest: DomainGuest, vm: string, softLockupLogged: boolean): GuestGuess {
  const tries: [GuestSource & keyof typeof CONFIDENCE, Omit<GuestGuess, 'confidence' | 'source'> | undefined][] = [
    ['libosinfo', guest.osId ? fromOsId(guest.osId) : undefined],
    ['title', guest.title ? fromText(guest.title) : undefined],
    ['description', guest.description ? fromText(guest.description) : undefined],
    ['name', fromText(vm.replace(/_/g, '-'))],
  ];
  const hit = tries.find(([, g]) => g !== undefined);
  if (hit) {
    const [source, g] = hit as [keyof typeof CONFIDENCE, Omit<GuestGuess, 'confidence' | 'source'>];
    const base = CONFIDENCE[source];
    // The guide's symptom in the log makes an old-kernel guess surer; it does not overrule a newer system named by libosinfo.
    const confidence = g.oldKernel && softLockupLogged ? Math.max(base, 0.8) : base;
    return { ...g, confidence, source };
  }
  if (softLockupLogged) return { os: undefined, oldKernel: true, confidence: 0.7, source: 'qemu-log' };
  return { oldKernel: false, confidence: 0 };
}
