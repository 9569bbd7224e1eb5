/**
 * `iostat -x [-k] [-t] [interval count]` of sysstat 9 to 12+. Columns are
 * mapped by header name because each generation reorders and renames them:
 *
 *   10.x: Device: rrqm/s wrqm/s r/s w/s rkB/s wkB/s avgrq-sz avgqu-sz await r_await w_await svctm %util
 *   11.x: Device r/s w/s rkB/s wkB/s rrqm/s wrqm/s %rrqm %wrqm r_await w_await aqu-sz rareq-sz wareq-sz svctm %util
 *   12.x: Device r/s rkB/s ... r_await rareq-sz w/s ... w_await ... d/s ... d_await ... f/s f_await aqu-sz %util
 *
 * 12.x has no `await`; it is derived from the per-direction awaits weighted by
 * their request rates. The first report is the average since boot; with an
 * interval the following ones cover each interval (guide 3.5.1: use those).
 */
import { fields, issue, lines, type ParseIssue, type Parsed } from './types.js';
import { endsMidLine } from './storage-common.js';

export interface IostatDevice {
  readonly device: string;
  readonly rps: number;
  readonly wps: number;
  readonly rkBps: number;
  readonly wkBps: number;
  /** Average ms per request (queue + service), all directions. */
  readonly await: number;
  readonly rAwait?: number;
  readonly wAwait?: number;
  /** %util: share of time the device had requests in flight. */
  readonly util: number;
  /** Average queue length (`aqu-sz` / `avgqu-sz`). */
  readonly aquSz?: number;
  /** Every column by header name. */
  readonly columns: Readonly<Record<string, number>>;
  readonly line: number;
}

export interface IostatCpu {
  readonly user: number;
  readonly nice: number;
  readonly system: number;
  readonly iowait: number;
  readonly steal: number;
  readonly idle: number;
}

export interface IostatReport {
  /** `-t` timestamp line as printed. */
  readonly time?: string;
  /** The first report: averages since boot, not the current load. */
  readonly sinceBoot: boolean;
  readonly cpu?: IostatCpu;
  readonly devices: IostatDevice[];
}

export interface Iostat {
  readonly kernel?: string;
  readonly host?: string;
  readonly reports: IostatReport[];
}

type MutableReport = { time?: string; sinceBoot: boolean; cpu?: IostatCpu; devices: IostatDevice[] };

const BANNER = /^Linux\s+(\S+)\s+\(([^)]+)\)/;
const DEVICE_HEADER = /^(?:Device|设备):?$/;

export function parseIostat(input: string): Parsed<Iostat> {
  const issues: ParseIssue[] = [];
  const reports: MutableReport[] = [];
  let kernel: string | undefined;
  let host: string | undefined;
  let report: MutableReport | undefined;
  let columns: string[] | undefined;
  let cpuHeader: string[] | undefined;
  let pendingTime: string | undefined;

  const startReport = () => {
    report = { ...(pendingTime ? { time: pendingTime } : {}), sinceBoot: reports.length === 0, devices: [] };
    pendingTime = undefined;
    reports.push(report);
    return report;
  };

  lines(input).forEach((raw, i) => {
    const n = i + 1;
    const text = raw.trim();
    if (text === '') {
      columns = undefined;
      return;
    }
    const banner = BANNER.exec(text);
    if (banner) {
      kernel = banner[1];
      host = banner[2];
      return;
    }
    const head = fields(text);
    if (head[0] === 'avg-cpu:') {
      cpuHeader = head.slice(1);
      if (!report || report.cpu || report.devices.length > 0 || pendingTime) startReport();
      return;
    }
    if (cpuHeader) {
      const cpu = toCpu(cpuHeader, head);
      cpuHeader = undefined;
      if (cpu && report) report.cpu = cpu;
      else issues.push(issue(n, raw, 'unreadable avg-cpu values'));
      return;
    }
    if (DEVICE_HEADER.test(head[0]!)) {
      columns = head.slice(1);
      if (!report || report.devices.length > 0 || pendingTime) startReport();
      return;
    }
    if (columns && report) {
      const device = toDevice(head, columns, n);
      if (device) report.devices.push(device);
      else issues.push(issue(n, raw, `expected ${columns.length + 1} numeric columns`));
      return;
    }
    if (/\d{1,2}[/:-]\d{2}/.test(text) && head.length <= 4) {
      pendingTime = text; // -t timestamp line before a report
      return;
    }
    issues.push(issue(n, raw, 'not an iostat line'));
  });

  const lastReport = reports.at(-1);
  const incomplete = endsMidLine(input) || (lastReport !== undefined && lastReport.devices.length === 0 && columns !== undefined);
  return {
    value: { ...(kernel ? { kernel } : {}), ...(host ? { host } : {}), reports },
    issues,
    ...(incomplete ? { incomplete } : {}),
  };
}

/** sysstat prints the locale's decimal separator (`0,52` in de_DE). */
function num(s: string | undefined): number | undefined {
  if (s === undefined || !/^-?\d+(?:[.,]\d+)?$/.test(s)) return undefined;
  return Number(s.replace(',', '.'));
}

function toCpu(header: string[], values: string[]): IostatCpu | undefined {
  if (values.length !== header.length) return undefined;
  const get = (name: string) => num(values[header.indexOf(name)]) ?? 0;
  if (values.some((v) => num(v) === undefined)) return undefined;
  return {
    user: get('%user'),
    nice: get('%nice'),
    system: get('%system'),
    iowait: get('%iowait'),
    steal: get('%steal'),
    idle: get('%idle'),
  };
}

function toDevice(row: string[], header: string[], line: number): IostatDevice | undefined {
  if (row.length !== header.length + 1) return undefined;
  const columns: Record<string, number> = {};
  for (let c = 0; c < header.length; c++) {
    const v = num(row[c + 1]);
    if (v === undefined) return undefined;
    columns[header[c]!] = v;
  }
  const col = (name: string) => columns[name];
  const rps = col('r/s') ?? 0;
  const wps = col('w/s') ?? 0;
  // sysstat 9 without -k reports 512-byte sectors; -m reports MB
  const kB = (dir: 'r' | 'w') =>
    col(`${dir}kB/s`) ?? (col(`${dir}MB/s`) !== undefined ? col(`${dir}MB/s`)! * 1024 : (col(`${dir}sec/s`) ?? 0) / 2);
  const rAwait = col('r_await');
  const wAwait = col('w_await');
  const aquSz = col('aqu-sz') ?? col('avgqu-sz');
  return {
    device: row[0]!,
    rps,
    wps,
    rkBps: kB('r'),
    wkBps: kB('w'),
    await: col('await') ?? weightedAwait(columns),
    ...(rAwait !== undefined ? { rAwait } : {}),
    ...(wAwait !== undefined ? { wAwait } : {}),
    util: col('%util') ?? 0,
    ...(aquSz !== undefined ? { aquSz } : {}),
    columns,
    line,
  };
}

/** Mean wait per request over reads, writes and (12.x) discards, weighted by their rates. */
function weightedAwait(c: Record<string, number>): number {
  let requests = 0;
  let waited = 0;
  for (const dir of ['r', 'w', 'd']) {
    const rate = c[`${dir}/s`];
    const wait = c[`${dir}_await`];
    if (rate === undefined || wait === undefined) continue;
    requests += rate;
    waited += rate * wait;
  }
  return requests > 0 ? Math.round((waited / requests) * 100) / 100 : 0;
}

/** The most recent interval report, never the since-boot average; undefined without an interval. */
export function lastInterval(value: Iostat): IostatReport | undefined {
  const last = value.reports.at(-1);
  return last && !last.sinceBoot ? last : undefined;
}

export const parsers = {
  'iostat-x': parseIostat,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
