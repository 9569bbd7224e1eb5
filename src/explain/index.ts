/** `usdiag explain`: match pasted error text and logs to the guide's entries. */
export { explainStream, explainText, type ExplainOptions } from './stream.js';
export {
  explainJson,
  renderExplainJson,
  renderExplainText,
  type ExplainJson,
  type KbLookup,
  type MatchJson,
  type RenderOptions,
  type TextRenderOptions,
} from './render.js';
export type { EntryMatch, ExplainResult, MatchedLine, SignatureHit } from './types.js';
