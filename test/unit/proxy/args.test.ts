import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseProxyArgs, UsageError } from '../../../src/proxy/args.js';
import { planSpawn, resolveWindows } from '../../../src/proxy/command.js';

describe('warden-proxy arguments', () => {
  it('splits its own options from the server command at "--"', () => {
    const args = parseProxyArgs(['--server', 'vscode:workspace:/p/.vscode/mcp.json:git', '--state-dir=/s', '--', 'npx', '-y', '--server', 'x']);
    assert.equal(args.serverId, 'vscode:workspace:/p/.vscode/mcp.json:git');
    assert.equal(args.stateDir, '/s');
    assert.equal(args.command, 'npx');
    assert.deepEqual(args.args, ['-y', '--server', 'x']);
  });

  it('rejects a missing separator, command, server id or unknown option', () => {
    assert.throws(() => parseProxyArgs(['--server', 'x', 'node']), UsageError);
    assert.throws(() => parseProxyArgs(['--server', 'x', '--']), UsageError);
    assert.throws(() => parseProxyArgs(['--', 'node']), UsageError);
    assert.throws(() => parseProxyArgs(['--server', 'x', '--bogus', '--', 'node']), UsageError);
    assert.throws(() => parseProxyArgs(['--server', 'x', '--grace-ms', '-1', '--', 'node']), UsageError);
  });
});

describe('planSpawn', () => {
  // Windows file names are case-insensitive: the mock file system is too.
  const files = new Set(['c:\\program files\\nodejs\\npx.cmd', 'c:\\program files\\nodejs\\node.exe', 'c:\\proj\\node_modules\\.bin\\srv.cmd']);
  const win = {
    platform: 'win32' as const,
    env: { Path: 'C:\\Windows;C:\\Program Files\\nodejs;C:\\proj\\node_modules\\.bin', PATHEXT: '.COM;.EXE;.BAT;.CMD', ComSpec: 'C:\\Windows\\system32\\cmd.exe' },
    cwd: 'C:\\proj',
    isFile: (f: string) => files.has(f.toLowerCase()),
  };

  it('leaves POSIX commands to execvp, without a shell', () => {
    assert.deepEqual(planSpawn('npx', ['-y', 'a b'], { ...win, platform: 'linux' }), { file: 'npx', args: ['-y', 'a b'], windowsVerbatimArguments: false });
  });

  it('resolves a Windows command on PATH with PATHEXT', () => {
    assert.equal(resolveWindows('node', win), 'C:\\Program Files\\nodejs\\node.EXE');
    assert.deepEqual(planSpawn('node', ['server.js'], win), { file: 'C:\\Program Files\\nodejs\\node.EXE', args: ['server.js'], windowsVerbatimArguments: false });
  });

  it('runs a .cmd through cmd.exe with metacharacters escaped', () => {
    const plan = planSpawn('npx', ['-y', '@scope/pkg', 'a&b', 'say "hi"'], win);
    assert.equal(plan.file, 'C:\\Windows\\system32\\cmd.exe');
    assert.equal(plan.windowsVerbatimArguments, true);
    assert.deepEqual(plan.args.slice(0, 3), ['/d', '/s', '/c']);
    assert.equal(plan.args[3], '"C:\\Program^ Files\\nodejs\\npx.CMD ^"-y^" ^"@scope/pkg^" ^"a^&b^" ^"say^ \\^"hi\\^"^""');
  });

  it('escapes twice for a node_modules/.bin shim', () => {
    const plan = planSpawn('srv', ['a&b'], win);
    assert.equal(plan.args[3], '"C:\\proj\\node_modules\\.bin\\srv.CMD ^^^"a^^^&b^^^""');
  });
});
