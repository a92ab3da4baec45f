// The VSIX users download and the bundles VS Code loads at activation, with the size of the
// bundle's own code beside its dependencies'.
import { spawnSync } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { printTable } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));

async function size(file: string): Promise<number | undefined> {
  return (await stat(new URL(file, new URL('..', import.meta.url))).catch(() => undefined))?.size;
}

export async function benchPackage(): Promise<void> {
  const build = spawnSync('npm', ['run', 'package', '--silent'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run package failed:\n${build.stdout}\n${build.stderr}`);
  const kib = (bytes: number | undefined): string => (bytes === undefined ? 'missing' : `${(bytes / 1024).toFixed(1)} KiB`);
  const vsix = await size('dist/mcp-warden.vsix');
  const extension = await size('dist/extension.cjs');
  const cli = await size('dist/cli.cjs');
  printTable('Package size', [
    ['VSIX (dist/mcp-warden.vsix)', kib(vsix)],
    ['extension bundle loaded at activation', kib(extension)],
    ['CLI bundle', kib(cli)],
    ['ratio VSIX / extension bundle', vsix && extension ? `${(vsix / extension).toFixed(2)}x` : 'n/a'],
  ]);
}
