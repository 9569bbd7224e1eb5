/**
 * The records of `multipath -ll` (maps, path groups, paths), apart from the
 * parser so that the line readers (multipath-lines.ts) and the health rules
 * (multipath-health.ts) can name them without importing the parser back.
 */
import type { Span } from './types.js';

export interface MultipathPath {
  /** SCSI host:channel:target:lun; undefined for the `#:#:#:#` placeholder of a vanished device. */
  readonly hctl?: string;
  /** Block device name (`sdc`); undefined when printed as `-`. */
  readonly dev?: string;
  readonly majMin?: string;
  /** Kernel (device-mapper) view: `active`, `failed`, `undef`. */
  readonly dmState: string;
  /**
   * Path checker: `ready`, `ghost` (standby ALUA path), `faulty`, `shaky`,
   * `i/o pending`, `i/o timeout`, `delayed`, `disconnected`, `undef` (not checked: `multipath -l`).
   */
  readonly checkerState: string;
  /** SCSI device state: `running`, `offline`, ...; absent in the 0.4.7 bracket layout. */
  readonly onlineState?: string;
  /** 1-based input line (for evidence excerpts). */
  readonly line: number;
  /** The same line as a span. */
  readonly span: Span;
}

export interface MultipathGroup {
  /** Path selector, e.g. `round-robin 0`, `service-time 0`. */
  readonly policy?: string;
  /** Group priority; -1 when not computed (`multipath -l`). */
  readonly prio?: number;
  /** `active`, `enabled`, `disabled`, `undef`. No active group alone is not a fault (right after a restart). */
  readonly status?: string;
  readonly paths: MultipathPath[];
}

export interface MultipathMap {
  /** The alias when there is one, otherwise the WWID. */
  readonly name: string;
  readonly alias?: string;
  /** NAA number for SAN LUNs, but also `1IET     00080001` or `MODEL_SERIAL` strings. */
  readonly wwid: string;
  /** `dm-2`. */
  readonly dm?: string;
  /** Trimmed; undefined when multipath printed `##` (no path left to ask). */
  readonly vendor?: string;
  readonly product?: string;
  /** As printed (`54T`, `1022M`). */
  readonly size?: string;
  readonly sizeBytes?: number;
  readonly features?: string;
  readonly hwhandler?: string;
  /** `rw` / `ro`. */
  readonly writePolicy?: string;
  readonly groups: MultipathGroup[];
  /** The header line (`mpatha (3600...) dm-0 VENDOR,PRODUCT`). */
  readonly line: number;
  /** From the header to the last attribute, group or path line of the map. */
  readonly span: Span;
}

export interface MultipathLl {
  readonly maps: MultipathMap[];
  /** Path lines seen outside any map (`multipath -ll | grep fault`). */
  readonly orphanPaths: MultipathPath[];
  /** multipath's own messages and -v3/-v4 chatter, timestamps removed. */
  readonly warnings: string[];
}
