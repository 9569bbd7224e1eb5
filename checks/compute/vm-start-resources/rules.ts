/**
 * The two start limits of guide 3.4.3, as numbers:
 * - the platform's host memory reservation: memory in use on the host plus
 *   the memory of the VM to start must stay at or below 80 % of MemTotal;
 * - libvirt's own check (/etc/cvk/cpu_mem_threshold.conf): CPU use must not
 *   be above CpuUsePercent, and after the VM's memory MemSysReserved must
 *   still be left for the host. The guide gives MemSysReserved no unit; its
 *   example value 4 only makes sense as GiB (4 KiB or 4 MiB hold nothing back),
 *   so usdiag reads it as GiB and says so.
 */
export const RESERVATION_LIMIT = 0.8;
const GIB = 1024 * 1024;

export const gib = (kib: number): number => Math.round((kib / GIB) * 10) / 10;
export const pct = (x: number): number => Math.round(x * 10) / 10;

export interface HostLoad {
  readonly totalKiB: number;
  readonly availableKiB: number;
  /** Busy share of the CPU between the two samples, percent. */
  readonly cpuPercent: number;
  readonly cpuLimit?: number | undefined;
  readonly reservedKiB?: number | undefined;
}

export interface StartJudgement {
  /** KiB above 80 % of MemTotal once the VM runs (reservation rule); undefined when within. */
  readonly overReservationKiB?: number;
  /** Share of MemTotal in use once the VM runs, percent. */
  readonly afterPercent: number;
  /** KiB missing for libvirt's check (VM memory + MemSysReserved - available); undefined when within. */
  readonly shortKiB?: number;
  /** CPU use is above CpuUsePercent. */
  readonly cpuOver: boolean;
}

export function judgeStart(load: HostLoad, vmKiB: number): StartJudgement {
  const used = load.totalKiB - load.availableKiB;
  const over = used + vmKiB - RESERVATION_LIMIT * load.totalKiB;
  const short = load.reservedKiB === undefined ? undefined : vmKiB + load.reservedKiB - load.availableKiB;
  return {
    ...(over > 0 ? { overReservationKiB: over } : {}),
    afterPercent: ((used + vmKiB) / load.totalKiB) * 100,
    ...(short !== undefined && short > 0 ? { shortKiB: short } : {}),
    cpuOver: load.cpuLimit !== undefined && load.cpuPercent > load.cpuLimit,
  };
}

export const refused = (j: StartJudgement): boolean => j.overReservationKiB !== undefined || j.shortKiB !== undefined || j.cpuOver;

/** The memory to free on the host so that a VM of `vmKiB` starts under both rules. */
export function toFreeKiB(j: StartJudgement): number {
  return Math.max(j.overReservationKiB ?? 0, j.shortKiB ?? 0);
}
