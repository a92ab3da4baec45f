// The warden-node launcher: desktop VS Code without Node.js on its PATH protects a server with
// <state>/bin/warden-node as the command, which runs the proxy on the `node` the client finds,
// or else on the editor's runtime with ELECTRON_RUN_AS_NODE=1. Proven with a real protect of a
// Cursor config, the SDK's Client starting the rewritten entry with a PATH that has no node, a
// stand-in for VS Code's executable, and an unprotect that gives the file back byte for byte.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { cursorAdapter } from '../../../src/core/clients/cursor.js';
import { installedLauncherPath, installNodeLauncher, installProxy } from '../../../src/core/protect/install.js';
import { protectServers, unprotectServers } from '../../../src/core/protect/protect.js';
import { place } from '../../unit/protect/helpers.js';
import { connect, proxyBundle, SERVERS, tempDir } from './helpers.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Stands in for VS Code's executable: like Electron, it runs a script as Node.js only under
 * ELECTRON_RUN_AS_NODE=1 (and otherwise fails as a GUI app would here); each start is logged.
 */
function standInRuntime(dir: string): { file: string; starts: () => string[] } {
  const file = path.join(dir, 'Code Helper (stand-in)');
  const log = path.join(dir, 'runtime-starts.log');
  writeFileSync(
    file,
    `#!/bin/sh\n[ "$ELECTRON_RUN_AS_NODE" = 1 ] || { echo "stand-in: would open a window" >&2; exit 99; }\necho "$*" >> '${log}'\nexec '${process.execPath}' "$@"\n`,
    { mode: 0o755 },
  );
  return { file, starts: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []) };
}

async function setUp(): Promise<{ root: string; stateDir: string; runtime: ReturnType<typeof standInRuntime>; noNode: string; withNode: string; proxyPath: string; launcher: string }> {
  const root = tempDir('warden-launcher-');
  dirs.push(root);
  const stateDir = path.join(root, 'state');
  const runtime = standInRuntime(root);
  // A PATH with no node at all, and one whose only program is node.
  const noNode = path.join(root, 'empty-bin');
  const withNode = path.join(root, 'node-bin');
  mkdirSync(noNode);
  mkdirSync(withNode);
  symlinkSync(process.execPath, path.join(withNode, 'node'));
  const { path: proxyPath } = await installProxy(stateDir, await proxyBundle());
  const { path: launcher } = await installNodeLauncher(stateDir, runtime.file);
  return { root, stateDir, runtime, noNode, withNode, proxyPath, launcher };
}

describe('warden-node launcher', { skip: process.platform === 'win32' ? 'POSIX only: Windows keeps the advice to install Node.js' : false }, () => {
  it('is installed executable beside the proxy, rewritten only when something changed, and refuses a runtime it cannot name', async () => {
    const { stateDir, runtime, launcher } = await setUp();
    assert.equal(launcher, installedLauncherPath(stateDir));
    assert.equal(statSync(launcher).mode & 0o777, 0o755);
    assert.equal(readFileSync(`${launcher}.runtime`, 'utf8'), `${runtime.file}\n`);
    assert.equal((await installNodeLauncher(stateDir, runtime.file)).updated, false);
    assert.equal((await installNodeLauncher(stateDir, '/opt/VS Code/code')).updated, true);
    assert.equal(readFileSync(`${launcher}.runtime`, 'utf8'), '/opt/VS Code/code\n');
    await assert.rejects(installNodeLauncher(stateDir, 'code'), /absolute path/);
    await assert.rejects(installNodeLauncher(stateDir, '/opt/code\nrm -rf ~'), /one line/);
  });

  it('a protected server starts without node on the PATH, on the editor runtime, and unprotect restores the file byte for byte', { timeout: 60_000 }, async () => {
    const { root, stateDir, runtime, noNode, withNode, proxyPath, launcher } = await setUp();
    const server = SERVERS.everything;
    const original = `{\n  // the everything server\n  "mcpServers": {\n    "everything": { "command": ${JSON.stringify(server.command)}, "args": ${JSON.stringify(server.args)} }\n  }\n}\n`;
    const placed = await place(root, cursorAdapter, '.cursor/mcp.json', 'json', { text: original });
    const before = await placed.read();
    const report = await protectServers(before.source.servers, { stateDir, sources: [before.source], proxy: { nodeCommand: launcher, proxyPath, stateDir } });
    assert.equal(report.files[0]?.status, 'written');

    // Start the rewritten entry the way Cursor would, with a PATH that has no node.
    const [entry] = await placed.servers();
    const launch = { command: entry!.command!.value, args: entry!.args.map((arg) => arg.value) };
    assert.equal(launch.command, launcher);
    const { client } = await connect(launch, { PATH: noNode, HOME: root });
    try {
      const echo = await client.callTool({ name: 'echo', arguments: { message: 'through warden-node' } });
      assert.match(JSON.stringify(echo.content), /through warden-node/);
      // The server gets the client's environment, not the variable the launcher added for the proxy.
      const env = JSON.stringify((await client.callTool({ name: 'get-env', arguments: {} })).content);
      assert.match(env, new RegExp(noNode.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.doesNotMatch(env, /ELECTRON_RUN_AS_NODE|MCP_WARDEN_RUN_AS_NODE_ADDED/);
    } finally {
      await client.close();
    }
    assert.equal(runtime.starts().length, 1, 'the proxy ran on the editor runtime');
    assert.match(runtime.starts()[0]!, /warden-proxy\.cjs --server /);
    const audit = readFileSync(path.join(stateDir, 'audit', 'audit.jsonl'), 'utf8');
    assert.match(audit, /"subject":"echo"/, 'the proxy saw the traffic');

    // With node on the PATH, the launcher uses it and the editor runtime stays out of it.
    const second = await connect(launch, { PATH: withNode, HOME: root });
    await second.client.callTool({ name: 'echo', arguments: { message: 'on node' } });
    await second.client.close();
    assert.equal(runtime.starts().length, 1);

    // Without either, the client is told why on stderr and the launch fails.
    rmSync(`${launcher}.runtime`);
    await assert.rejects(connect(launch, { PATH: noNode, HOME: root }));

    const after = await placed.read();
    const undo = await unprotectServers(after.source.servers, { stateDir, sources: [after.source] });
    assert.equal(undo.files[0]?.status, 'written');
    assert.equal(readFileSync(placed.file, 'utf8'), original);
  });
});
