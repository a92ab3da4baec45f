// Entry point VS Code's extension host loads as extensionTestsPath (bundled to CommonJS by the
// harness, which prepends an import of every *.suite.ts). `run()` is what VS Code calls.
import { writeFileSync, renameSync } from 'node:fs';
import { runAll, type HostResults } from './framework.js';

// Replaced at bundle time (esbuild `define`) with the absolute path the harness waits for.
declare const __MCP_WARDEN_RESULTS_FILE__: string;

function write(r: HostResults): void {
  const file = __MCP_WARDEN_RESULTS_FILE__;
  writeFileSync(`${file}.tmp`, JSON.stringify(r, null, 2));
  renameSync(`${file}.tmp`, file);
}

export async function run(): Promise<void> {
  const failures = await runAll(write);
  // Resolve either way: the harness reports failures by name from the results file. Rejecting
  // would only make VS Code log the same thing again before it shuts the extension host down.
  if (failures > 0) console.error(`[mcp-warden tests] ${failures} in-host test(s) failed`);
}
