// Protect / Unprotect inside a real VS Code extension host: the commands rewrite the workspace's
// .vscode/mcp.json so the server launches the Warden proxy (installed at its stable path), the
// Servers view shows the server protected, and Unprotect gives the file back byte for byte.
// The commands get `{ confirm: false }`, which skips the confirmation modal only because the
// extension runs in development mode here (an installed extension always asks).
import * as assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { WardenApi } from '../../../src/extension/api.js';
import type { ProtectCommandResult } from '../../../src/extension/protection.js';
import type { TreeSnapshot } from '../../../src/extension/servers-tree.js';
import { suite, test, until } from './framework.js';

const EXTENSION_ID = 'mcp-warden.mcp-warden';

// Comments, odd spacing and a remote server: all must survive protect + unprotect exactly.
const CONFIG = `{
  // Protect fixture (comments and formatting must survive)
  "servers": {
    "notes":   {
      "type": "stdio",
      "command": "node",
      "args": [ "./notes-server.js", "--verbose" ],   // trailing comment
      "env": { "NOTES_DIR": "\${workspaceFolder}/notes" }
    },
    "tools": { "type": "stdio", "command": "node", "args": ["./tools.js"] },
    "remote": {
      "type": "http",
      "url": "https://example.invalid/mcp"
    }
  }
}
`;

let api: WardenApi;
let configUri: vscode.Uri;
let original: Uint8Array | undefined;

function flatten(nodes: TreeSnapshot[]): TreeSnapshot[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

function serverId(name: string): string {
  const item = api.latestScan()?.items.find((candidate) => candidate.server.name === name && candidate.server.configPath === configUri.fsPath);
  assert.ok(item, `no server "${name}" from ${configUri.fsPath} in the inventory`);
  return item.server.id;
}

function node(name: string): TreeSnapshot | undefined {
  return flatten(api.treeSnapshot()).find((candidate) => candidate.kind === 'server' && candidate.label === name && candidate.serverId === serverId(name));
}

async function text(): Promise<string> {
  return fs.readFile(configUri.fsPath, 'utf8');
}

suite('protect', () => {
  test('setup: a workspace config with two stdio servers and a remote one', async () => {
    const extension = vscode.extensions.getExtension<WardenApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} not loaded`);
    api = await extension.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder');
    configUri = vscode.Uri.file(path.join(folder.uri.fsPath, '.vscode', 'mcp.json'));
    original = await fs.readFile(configUri.fsPath).catch(() => undefined);
    await vscode.workspace.fs.writeFile(configUri, new TextEncoder().encode(CONFIG));
    await api.rescan();
    await until('the protect fixture in the inventory', () => api.latestScan()?.items.some((item) => item.server.name === 'tools' && item.server.configPath === configUri.fsPath) ?? false);
    assert.match(node('notes')?.contextValue ?? '', /^server\.shadow.*\.unprotected$/);
    // A remote server has no Protect menu (neither .protected nor .unprotected).
    assert.doesNotMatch(node('remote')?.contextValue ?? '', /protected/);
  });

  test('Protect Server rewrites the entry to launch the proxy at its stable path', async () => {
    const result = await vscode.commands.executeCommand<ProtectCommandResult>('mcpWarden.protectServer', serverId('notes'), { confirm: false });
    assert.ok(result?.report, `no report: ${JSON.stringify(result)}`);
    const file = result.report.files[0];
    assert.equal(file?.status, 'written', JSON.stringify(file));
    assert.equal(file.servers[0]?.status, 'protected');
    assert.ok(file.backup && existsSync(file.backup), `backup ${file.backup} missing`);
    assert.deepEqual(file.nextSteps.map((step) => step.client), ['vscode']);
    assert.match(file.nextSteps[0]!.step.message, /Start Server/);

    const proxy = path.join(api.stateDirectory(), 'bin', 'warden-proxy.cjs');
    assert.ok(existsSync(proxy), `the proxy is not installed at ${proxy}`);
    const after = await text();
    assert.ok(after.includes(`"args": [ ${JSON.stringify(proxy)}, "--server", ${JSON.stringify(serverId('notes'))}, "--", "./notes-server.js", "--verbose" ]`) || after.includes(proxy), after);
    assert.ok(after.includes('// trailing comment') && after.includes('// Protect fixture'), 'comments were lost');
    assert.ok(after.includes('"tools": { "type": "stdio", "command": "node", "args": ["./tools.js"] }'), 'the other server changed');
    assert.ok(after.includes('"NOTES_DIR": "${workspaceFolder}/notes"'), 'env changed');
  });

  test('the Servers view shows it protected, the original launch still readable', async () => {
    await api.whenScanned();
    await until('notes shown protected', () => /\.protected$/.test(node('notes')?.contextValue ?? ''));
    const notes = node('notes')!;
    assert.match(notes.description ?? '', /protected/);
    // The view shows the server behind the proxy.
    assert.match(notes.description ?? '', /stdio · node \.\/notes-server\.js --verbose/);
    assert.match(node('tools')?.contextValue ?? '', /\.unprotected$/);
  });

  test('protecting again changes nothing', async () => {
    const before = await text();
    const result = await vscode.commands.executeCommand<ProtectCommandResult>('mcpWarden.protectServer', serverId('notes'), { confirm: false });
    assert.equal(result?.skipped, 'nothing to change');
    assert.equal(await text(), before);
  });

  test('Unprotect Server gives the file back byte for byte', async () => {
    const result = await vscode.commands.executeCommand<ProtectCommandResult>('mcpWarden.unprotectServer', serverId('notes'), { confirm: false });
    assert.equal(result?.report?.files[0]?.status, 'written', JSON.stringify(result));
    assert.equal(await text(), CONFIG);
    await api.whenScanned();
    await until('notes shown unprotected', () => /\.unprotected$/.test(node('notes')?.contextValue ?? ''));
  });

  test('Protect All and Unprotect All: every stdio server, then the original bytes', async () => {
    const result = await vscode.commands.executeCommand<ProtectCommandResult>('mcpWarden.protectAll', { confirm: false });
    const statuses = Object.fromEntries((result?.report?.files ?? []).flatMap((file) => file.servers.map((server) => [server.name, server.status])));
    assert.equal(statuses.notes, 'protected', JSON.stringify(statuses));
    assert.equal(statuses.tools, 'protected', JSON.stringify(statuses));
    assert.equal(statuses.remote, undefined, 'remote servers are not offered for protection');
    await api.whenScanned();
    await until('both shown protected', () => /\.protected$/.test(node('notes')?.contextValue ?? '') && /\.protected$/.test(node('tools')?.contextValue ?? ''));
    const back = await vscode.commands.executeCommand<ProtectCommandResult>('mcpWarden.unprotectAll', { confirm: false });
    assert.ok(back?.report?.files.some((file) => file.status === 'written'), JSON.stringify(back));
    assert.equal(await text(), CONFIG);
  });

  test('Protect Client protects that client’s servers', async () => {
    const result = await vscode.commands.executeCommand<ProtectCommandResult>('mcpWarden.protectClient', 'vscode', { confirm: false });
    assert.ok(result?.report?.files.some((file) => file.status === 'written'), JSON.stringify(result));
    await api.whenScanned();
    const back = await vscode.commands.executeCommand<ProtectCommandResult>('mcpWarden.unprotectAll', { confirm: false });
    assert.ok(back?.report);
    assert.equal(await text(), CONFIG);
  });

  test('cleanup: restore the fixture config', async () => {
    if (original === undefined) await vscode.workspace.fs.delete(configUri);
    else await vscode.workspace.fs.writeFile(configUri, original);
    await api.rescan();
  });
});
