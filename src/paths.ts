/** Where usdiag's own files are, whether it runs from src/ (tests) or dist/ (built). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function packageRoot(from: string = import.meta.dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`package.json not found above ${from}`);
    dir = up;
  }
  return dir;
}
