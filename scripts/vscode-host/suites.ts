// Bundles the in-host suites (test/vscode/suite/*.suite.ts) into one CommonJS file that VS
// Code's extension host loads as extensionTestsPath, and maps bundle positions in stack traces
// back to the TypeScript sources. Used by test/vscode/extension-host.test.ts; run directly
// (`node --import tsx scripts/vscode-host/suites.ts`) to build the bundle .vscode-test.mjs
// names for @vscode/test-cli.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { RESULTS_DIR, ROOT } from './harness.js';

export const VSCODE_RESULTS_DIR = join(RESULTS_DIR, 'vscode');
export const SUITE_SRC = join(ROOT, 'test/vscode/suite');
export const SUITE_OUT = join(VSCODE_RESULTS_DIR, 'suite');
export const SUITE_ENTRY = join(SUITE_OUT, 'index.cjs');
/** Where the bundle's run() writes results (baked in at bundle time). */
export const RESULTS_FILE = join(VSCODE_RESULTS_DIR, 'results.json');

export async function bundleSuites(): Promise<void> {
  rmSync(SUITE_OUT, { recursive: true, force: true });
  mkdirSync(SUITE_OUT, { recursive: true });
  const suites = readdirSync(SUITE_SRC).filter((f) => f.endsWith('.suite.ts')).sort();
  if (suites.length === 0) throw new Error(`no *.suite.ts in ${SUITE_SRC}`);
  const entry = [...suites.map((f) => `import './${f}';`), `export { run } from './index.ts';`].join('\n');
  await build({
    stdin: { contents: entry, resolveDir: SUITE_SRC, sourcefile: 'suites-entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['vscode'],
    // Prefer ESM builds: jsonc-parser's "main" is a UMD build whose require()s esbuild can't follow.
    mainFields: ['module', 'main'],
    sourcemap: 'inline',
    outfile: SUITE_ENTRY,
    define: { __MCP_WARDEN_RESULTS_FILE__: JSON.stringify(RESULTS_FILE) },
    logLevel: 'warning',
  });
  // extensionTestsPath names this .cjs file, not the folder: the bundle lies inside the extension
  // under test, whose package.json says "type": "module", so VS Code would import() a folder or
  // a .js file as ESM (and fail); a .cjs file it require()s.
}

/**
 * Rewrites bundle positions (index.cjs:LINE:COL) in an in-host stack trace to the TypeScript
 * sources, using the bundle's inline source map (the extension host formats stacks itself, so
 * Node's --enable-source-maps does not apply there).
 */
export function mapStack(text: string): string {
  let map: SourceMap | undefined;
  try {
    const code = readFileSync(SUITE_ENTRY, 'utf8');
    const b64 = code.match(/sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/)?.[1];
    if (b64) map = new SourceMap(JSON.parse(Buffer.from(b64, 'base64').toString('utf8')));
  } catch {
    return text;
  }
  if (!map) return text;
  const m = map;
  return text.replaceAll(/(?:\/[^\s():]*)?index\.cjs:(\d+):(\d+)/g, (whole, line: string, col: string) => {
    const e = m.findEntry(Number(line) - 1, Number(col) - 1);
    if (!('originalSource' in e) || !e.originalSource) return whole;
    const src = e.originalSource.startsWith('file://') ? fileURLToPath(e.originalSource) : resolve(SUITE_OUT, e.originalSource);
    return `${relative(ROOT, src)}:${e.originalLine + 1}:${e.originalColumn + 1}`;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await bundleSuites();
  console.log(`bundled ${relative(ROOT, SUITE_ENTRY)}`);
}
