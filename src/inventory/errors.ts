import type { Text } from '../i18n/text.js';

/** A configuration mistake (inventory, capture, key file): exit code 64, one clear line with where. */
export class ConfigError extends Error {
  constructor(readonly where: string, readonly what: Text) {
    super(`${where}: ${what.en}`);
    this.name = 'ConfigError';
  }
}
