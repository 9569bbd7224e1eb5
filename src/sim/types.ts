/** A host to simulate: a capture-layout host directory (see src/capture/layout.ts). */
export interface SimHostSpec {
  /** How the inventory names it; the profile's host.yaml name when absent or empty. */
  readonly name?: string | undefined;
  readonly profileDir: string;
  /**
   * Fault injection: the host accepts logins and sessions, but no command
   * ever finishes, not even under timeout(1) (a wedged process table, a
   * shell stuck on a dead NFS home).
   */
  readonly hangEveryCommand?: boolean | undefined;
}

/** Who may log in to a simulated host. */
export interface SimAuth {
  readonly user: string;
  /** Authorized public keys, OpenSSH one-line form (`ssh-ed25519 AAAA...`). */
  readonly publicKeys: readonly string[];
  /** Accepted password; password authentication is off without it. */
  readonly password?: string | undefined;
}

export interface SimHostOptions {
  /** Concurrent sessions per connection before the server refuses channels, like sshd MaxSessions. */
  readonly maxSessions?: number | undefined;
  /** Loopback address to bind (127.x.y.z); defaults to the profile's when it is a 127.x address, else 127.0.0.1. */
  readonly address?: string | undefined;
  /** Host private keys (OpenSSH format); one new ed25519 key when absent. known_hosts lines use the first. */
  readonly hostKeys?: readonly string[] | undefined;
  /**
   * Test hook: called right after a command's answer and exit status were
   * handed to the socket (before the client can have read them), e.g. to
   * block the event loop the client shares with the simulated host.
   */
  readonly onAnswered?: ((wire: string) => void) | undefined;
  /** Fault injection for tests: accept connections but never answer a session open. */
  readonly neverOpenSessions?: boolean | undefined;
  /** TCP port to listen on (0 or absent: any free one). Several hosts on distinct loopback addresses may share one, as a real cluster's port 22. */
  readonly port?: number | undefined;
  /**
   * How the host's sudo answers a line wrapped in `sudo -n` (--sudo):
   * `nopasswd` (the default) runs it as root, `password` wants a password
   * ("sudo: a password is required"), `not-allowed` is not in sudoers.
   */
  readonly sudo?: 'nopasswd' | 'password' | 'not-allowed' | undefined;
}

export interface RecordedCommand {
  readonly host: string;
  readonly wire: string;
  /** The canonical command key, or null when the wire line was not one the policy builds. */
  readonly key: string | null;
  readonly at: string;
}

export interface SimHost {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  /** `[address]:port ssh-ed25519 AAAA...` (the first host key) */
  readonly knownHostsLine: string;
  /** Every host public key, `type base64`. */
  readonly hostPublicKeys: readonly string[];
  /** Every exec request, in arrival order. */
  readonly recorded: RecordedCommand[];
  /** Connection and session bookkeeping, for tests of channel limits and jump hosts. */
  readonly stats: SimSessionStats;
  close(): Promise<void>;
}

export interface SimSessionStats {
  /** SSH connections accepted so far. */
  connections: number;
  /** direct-tcpip channels forwarded (this host used as a jump host). */
  tunnels: number;
  /** Session opens refused because maxSessions were open on that connection. */
  refusedSessions: number;
  /** Most sessions open at once on one connection. */
  peakSessions: number;
}

export interface SimCluster {
  readonly hosts: SimHost[];
  readonly dir: string;
  readonly inventoryPath: string;
  readonly knownHostsPath: string;
  readonly identityPath: string;
  /** Every host's commands, in time order. */
  recorded(): RecordedCommand[];
  close(): Promise<void>;
}
