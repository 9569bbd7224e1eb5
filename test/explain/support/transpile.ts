/**
 * Transpiles a TypeScript module and everything it imports (relative imports
 * only) to plain ESM JavaScript in a directory, keeping the source layout, so
 * that a child `node` process can run it without a build step. No type check:
 * the suite's typecheck does that.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export function transpileClosure(entry: string, repoRoot: string, outDir: string): string[] {
  const done = new Set<string>();
  const queue = [resolve(entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (done.has(file)) continue;
    done.add(file);
    const source = readFileSync(file, 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    const target = join(outDir, relative(repoRoot, file).replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
    for (const imported of ts.preProcessFile(source, true, true).importedFiles) {
      if (imported.fileName.startsWith('.')) queue.push(resolve(dirname(file), imported.fileName.replace(/\.js$/, '.ts')));
    }
  }
  return [...done];
}
