/**
 * Secrets usdiag itself handles (passwords, key passphrases). Whatever is
 * registered here is masked in every report, excerpt, log line and capture,
 * even if a host echoes it back.
 */
const secrets = new Set<string>();

export const MASK = '******';

/**
 * Free text is masked only for secrets at least this long: a password "vms"
 * or "1" masked everywhere would mask the "vms" of every pool path and wipe
 * digits from every counter. Shorter secrets are still masked where output
 * says it is a password (redact.ts), and usdiag never prints a secret itself.
 */
export const MIN_FREE_TEXT_SECRET = 6;

/** Registers a secret for masking wherever it appears (when long enough to be told from ordinary text). */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= MIN_FREE_TEXT_SECRET) secrets.add(value);
}

/** Masks every registered secret in `s`. */
export function maskSecrets(s: string): string {
  let out = s;
  for (const v of secrets) {
    if (out.includes(v)) out = out.split(v).join(MASK);
  }
  return out;
}

/** Tests only. */
export function clearSecretsForTest(): void {
  secrets.clear();
}
