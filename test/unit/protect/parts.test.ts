import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { protectionOfLaunch, proxyLaunch } from '../../../src/core/protect/detect.js';
import { unifiedDiff } from '../../../src/core/protect/diff.js';
import { NEXT_STEPS } from '../../../src/core/protect/hints.js';
import { installedProxyPath, installProxy } from '../../../src/core/protect/install.js';
import { quote } from '../../../src/core/protect/text.js';
import { sandbox } from './helpers.js';

test('protectionOfLaunch recognises the rewrite in its forms and nothing else', () => {
  const settings = { nodeCommand: '/usr/bin/node', proxyPath: '/home/me/.mcp-warden/bin/warden-proxy.cjs' };
  const launch = proxyLaunch({ command: 'npx', args: ['-y', 'pkg', '--', 'x'] }, 'cursor:user:/f:github', settings);
  assert.deepEqual(launch, { command: '/usr/bin/node', args: ['/home/me/.mcp-warden/bin/warden-proxy.cjs', '--server', 'cursor:user:/f:github', '--', 'npx', '-y', 'pkg', '--', 'x'] });
  assert.deepEqual(protectionOfLaunch(launch), {
    protected: true,
    proxyPath: '/home/me/.mcp-warden/bin/warden-proxy.cjs',
    serverId: 'cursor:user:/f:github',
    original: { command: 'npx', args: ['-y', 'pkg', '--', 'x'] },
  });
  const windows = protectionOfLaunch({ command: 'C:\\Program Files\\nodejs\\node.exe', args: ['C:\\Users\\me\\.mcp-warden\\bin\\warden-proxy.cjs', '--server=id', '--state-dir', 'D:\\w', '--no-hub', '--', 'uvx'] });
  assert.equal(windows.protected, true);
  assert.equal(windows.serverId, 'id');
  assert.equal(windows.stateDir, 'D:\\w');
  assert.deepEqual(windows.original, { command: 'uvx', args: [] });
  assert.equal(protectionOfLaunch({ command: 'node', args: ['server.js', '--', 'x'] }).protected, false);
  assert.equal(protectionOfLaunch({ command: 'node', args: ['/x/warden-proxy.cjs', '--server', 'id'] }).protected, false, 'no original command');
  assert.equal(protectionOfLaunch({ command: 'node', args: ['/x/warden-proxy.cjs', '--server', 'id', '--'] }).protected, false);
  assert.equal(protectionOfLaunch({ command: 'npx', args: [] }).protected, false);
});

test('quote gives literals valid in JSON, TOML and YAML', () => {
  assert.equal(quote('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(quote('\u007f\u2028'), '"\\u007f\\u2028"');
  assert.equal(JSON.parse(quote('x\u0085y\ufeff')), 'x\u0085y\ufeff');
});

test('unifiedDiff gives hunks with context and correct line numbers', () => {
  const before = Array.from({ length: 20 }, (_, index) => `line ${index + 1}`).join('\n') + '\n';
  const after = before.replace('line 3\n', 'line three\n').replace('line 18\n', 'line 18\nextra\n');
  assert.equal(
    unifiedDiff('f.txt', before, after),
    [
      '--- a/f.txt',
      '+++ b/f.txt',
      '@@ -1,6 +1,6 @@',
      ' line 1',
      ' line 2',
      '-line 3',
      '+line three',
      ' line 4',
      ' line 5',
      ' line 6',
      '@@ -16,5 +16,6 @@',
      ' line 16',
      ' line 17',
      ' line 18',
      '+extra',
      ' line 19',
      ' line 20',
      '',
    ].join('\n'),
  );
  assert.equal(unifiedDiff('f', 'same\n', 'same\n'), '');
  assert.match(unifiedDiff('f', 'a\r\nb\r\n', 'a\r\nc\r\n'), /-b\n\+c\n$/);
});

test('installProxy copies the bundle to <state>/bin/warden-proxy.cjs with mode 0644, only when it differs', async () => {
  const { root, stateDir } = await sandbox();
  const bundled = join(root, 'dist', 'warden-proxy.cjs');
  await mkdir(join(root, 'dist'));
  await writeFile(bundled, 'console.log(1)\n', { mode: 0o600 });
  const first = await installProxy(stateDir, bundled);
  assert.deepEqual(first, { path: installedProxyPath(stateDir), updated: true });
  assert.equal(first.path, join(stateDir, 'bin', 'warden-proxy.cjs'));
  assert.equal(await readFile(first.path, 'utf8'), 'console.log(1)\n');
  assert.equal((await stat(first.path)).mode & 0o777, 0o644);
  const mtime = (await stat(first.path)).mtimeMs;
  assert.equal((await installProxy(stateDir, bundled)).updated, false);
  assert.equal((await stat(first.path)).mtimeMs, mtime);
  await writeFile(bundled, 'console.log(2)\n');
  assert.equal((await installProxy(stateDir, bundled)).updated, true);
  assert.equal(await readFile(first.path, 'utf8'), 'console.log(2)\n');
});

test('every client has a next step after an edit', () => {
  assert.equal(NEXT_STEPS['claude-desktop'].reload, 'app');
  assert.equal(NEXT_STEPS.vscode.reapproval, false);
  assert.match(NEXT_STEPS.vscode.message, /trust those again/);
  assert.match(NEXT_STEPS['qwen-code'].message, /qwen mcp approve/);
  for (const step of Object.values(NEXT_STEPS)) assert.ok(step.message.length > 10);
});

test('unwrapProtected gives the original launch with the ranges of the items after "--"', async () => {
  const { cursorAdapter } = await import('../../../src/core/clients/cursor.js');
  const { unwrapProtected } = await import('../../../src/core/protect/detect.js');
  const text = '{"mcpServers": {"a": {"command": "node", "args": ["/x/warden-proxy.cjs", "--server", "id", "--", "npx", "-y", "pkg"]}, "b": {"command": "uvx"}}}';
  const [a, b] = cursorAdapter.parse(text, { client: 'cursor', scope: 'user', path: '/f', format: 'json' }).servers;
  const original = unwrapProtected(a!);
  assert.equal(original.command?.value, 'npx');
  assert.equal(text.slice(original.command!.range.offset, original.command!.range.offset + original.command!.range.length), '"npx"');
  assert.deepEqual(original.args.map((arg) => arg.value), ['-y', 'pkg']);
  assert.equal(unwrapProtected(b!), b);
});
