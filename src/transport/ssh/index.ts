export { createSshTransport } from './transport.js';
export { resolveSshTarget, parseJumpSpec, type SshTargetInput } from './target.js';
export { SSH_DEFAULTS, endpointLabel, type JumpHost, type SshOptions, type SshTarget } from './types.js';
export {
  DEFAULT_PASSPHRASE_ENV, DEFAULT_PASSWORD_ENV, createSecretSource, terminalPrompter,
  type Prompter, type SecretKind, type SecretSource, type SecretSourceOptions,
} from './secrets.js';
export {
  appendKnownHost, checkHostKey, fingerprint, hashHostName, knownHostsName, loadKnownHosts, parseKnownHosts,
  type HostKeyVerdict, type KnownHostEntry,
} from './known-hosts.js';
