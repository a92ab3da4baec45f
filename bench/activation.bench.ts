// Activation in a real VS Code (the offline extension-host harness): how long activate() blocks
// the extension host, beside the first scan it schedules off the activation path in the same run,
// and how long an unsaved config edit takes to show its diagnostic.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printTable } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function benchActivation(): Promise<void> {
  const run = spawnSync('npm', ['run', 'test:vscode', '--silent'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`the VS Code layer failed, no activation figures:\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`);
  const timing = JSON.parse(readFileSync(new URL('../test-results/vscode/activation.json', import.meta.url), 'utf8')) as {
    activateMs: number;
    firstScanDoneMs: number;
    firstScanMs: number;
  };
  const refresh = JSON.parse(readFileSync(new URL('../test-results/vscode/refresh.json', import.meta.url), 'utf8')) as { editToDiagnosticMs: number };
  printTable('Activation and live diagnostics in VS Code 1.139 (extension host, offline harness)', [
    ['activate() blocking time, ms', timing.activateMs.toFixed(2)],
    ['first scan duration (off the activation path), ms', timing.firstScanMs.toFixed(1)],
    ['first scan complete after activation start, ms', timing.firstScanDoneMs.toFixed(1)],
    ['ratio activate() / first scan', `${(timing.activateMs / timing.firstScanMs).toFixed(3)}x`],
    ['unsaved config edit -> diagnostic published, ms', refresh.editToDiagnosticMs.toFixed(1)],
    ['target: edit refresh < 200 ms', refresh.editToDiagnosticMs < 200 ? 'met' : 'NOT MET'],
  ]);
}
