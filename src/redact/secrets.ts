/**
 * Secrets usdiag itself handles (passwords, key passphrases). Whatever is
 * registered here is masked in every report, excerpt, log line and capture,
 * even if a host echoes it back.
 */
const secrets = new Set<string>();

export const MASK = '******';

/** Registers a secret for masking (values shorter than 4 characters are masked too). */
export function registerSecret(value: string | undefined): void {
  if (value) secrets.add(value);
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
