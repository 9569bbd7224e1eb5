/** A verdict message for a test's own fake check: two sentences, through the engine's plain-text message. */
import { engineMsg } from '../../src/engine/messages.js';
import type { Msg } from '../../src/i18n/message.js';

export function said(en: string, zh: string): Msg {
  return engineMsg('text', { text: { en, zh } });
}
