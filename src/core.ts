/**
 * The words every layer shares: which checks exist, host roles, verdicts,
 * bilingual text and recovery plans. It imports nothing, so the engine, the
 * knowledge base, the reports and the checks can all depend on it without
 * depending on each other.
 */

/** The catalogue ids (shared/spec/checks.md), in guide order. Users and scripts key on them. */
export const CHECK_IDS = [
  'host-no-boot-device', 'install-console', 'vm-start-resources', 'vm-shmem-residue', 'qcow2-snapshot-table',
  'qcow2-corrupt', 'vm-migration-stuck', 'vm-deploy-7501', 'migration-ssh-cipher', 'hygon-rdrand',
  'disk-io-latency', 'shared-pool-start', 'storage-blocked', 'storage-fence', 'ocfs2-repair', 'pool-no-slot',
  'multipath-wwid', 'nic-packet-loss', 'ip-conflict', 'bond-lldp', 'acl-gateway', 'vfirewall-zone',
  'host-compromised', 'guest-kylin-dns', 'guest-ubuntu-netplan', 'nic-fault', 'mce', 'ui-login',
  'db-connection', 'ui-hang', 'vm-stuck', 'usb-device', 'ha-time-skew',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

/** `vms`: the management node; `vks`: a hypervisor node. */
export type Role = 'vms' | 'vks';

export type Status = 'ok' | 'warn' | 'fail' | 'unknown' | 'skipped' | 'error' | 'waived';

export type Lang = 'en' | 'zh';

/** One sentence in both languages; the language is chosen only when something is printed. */
export interface Text {
  readonly en: string;
  readonly zh: string;
}

/** A message to render later: which table, which entry, the values of its placeholders. */
export interface Msg {
  readonly scope: string;
  readonly id: string;
  readonly values?: MsgValues | undefined;
}

/** Several values shown as one, with a separator per language (", " and "、" by default). */
export interface MsgList {
  readonly items: readonly MsgValue[];
  readonly sep?: Text | undefined;
}

/**
 * A placeholder's value: plain data (names, numbers, paths, command lines),
 * a text that differs per language, another message, or a list of values.
 */
export type MsgValue = string | number | Text | Msg | MsgList;

export type MsgValues = Readonly<Record<string, MsgValue | undefined>>;

/** Values for `{name}` placeholders of recovery steps (rendered in the reader's language). */
export type Vars = MsgValues;

/**
 * Which recovery steps a finding recommends. `S` is the set of step ids the
 * check may name (its guide entry's and its own), so a wrong id does not compile.
 */
export interface RecoveryPlan<S extends string = string> {
  /** Step ids in this order. Omitted: all steps of the guide entry, in the guide's order. */
  readonly steps?: readonly S[];
  /** Values the finding already knows for the steps' placeholders. */
  readonly vars?: Vars;
  /**
   * What usdiag already read for a step, by step id (the VMs a "list the VMs"
   * step would show): added to that step's text, so the engineer need not look.
   */
  readonly found?: Readonly<Partial<Record<S, MsgValue>>>;
  /**
   * Steps whose command the report's evidence already shows (the check read
   * the same thing another way: two samples of the counters). Reports fold
   * them into "(shown above)"; a step whose command equals an evidence
   * command is folded without being named here.
   */
  readonly shown?: readonly S[];
}
