// More of the inventory in a real extension host: quick fixes for a client that expands
// environment variables and can disable entries (Roo Code's .roo/mcp.json), an unreadable
// config in the Servers view, and rule severities from the settings.
import * as assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { WardenApi } from '../../../src/extension/api.js';
import type { TreeSnapshot } from '../../../src/extension/servers-tree.js';
import { suite, test, until } from './framework.js';

const EXTENSION_ID = 'mcp-warden.mcp-warden';
// Random text in the shape of a GitHub token (not a credential), assembled so scanners skip it.
const TOKEN = ['gh', 'p_', 'Hw3Kc8Tn1Vb6Qp9Zr4Mx7Ld2Sg5Fj0Ea3Yu8Oi'].join('');

const ROO = `{
  "mcpServers": {
    // used by the docs team
    "github": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"],
      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${TOKEN}" }
    }
  }
}
`;

let api: WardenApi;
const encoder = new TextEncoder();

function folder(): string {
  const first = vscode.workspace.workspaceFolders?.[0];
  assert.ok(first, 'the test workspace has no folder');
  return first.uri.fsPath;
}

function flatten(nodes: TreeSnapshot[]): TreeSnapshot[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

function code(diagnostic: vscode.Diagnostic): string | undefined {
  const value = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return value === undefined ? undefined : String(value);
}

suite('inventory (more clients)', () => {
  const rooUri = (): vscode.Uri => vscode.Uri.file(path.join(folder(), '.roo', 'mcp.json'));
  const cursorUri = (): vscode.Uri => vscode.Uri.file(path.join(folder(), '.cursor', 'mcp.json'));
  // Roo Code's user-level settings in the (fake) home of this test run.
  const rooUserUri = (): vscode.Uri =>
    vscode.Uri.file(
      path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'Code', 'User', 'globalStorage', 'rooveterinaryinc.roo-cline', 'settings', 'mcp_settings.json'),
    );

  test('setup', async () => {
    const extension = vscode.extensions.getExtension<WardenApi>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    await vscode.workspace.fs.writeFile(rooUri(), encoder.encode(ROO));
    // The same name with another version in Roo's user settings: a conflicting definition.
    await vscode.workspace.fs.writeFile(rooUserUri(), encoder.encode('{ "mcpServers": { "github": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.1.1"] } } }\n'));
    await vscode.workspace.fs.writeFile(cursorUri(), encoder.encode('{ "mcpServers": { "broken": { "command": "node", } '));
    await api.rescan();
    await until('both Roo configs in the inventory', () => {
      const paths = new Set(api.latestScan()?.items.map((item) => item.server.configPath));
      return paths.has(rooUri().fsPath) && paths.has(rooUserUri().fsPath);
    });
  });

  test('an unreadable config shows as an error item with the problem', async () => {
    const tree = api.treeSnapshot();
    const cursor = tree.find((node) => node.kind === 'client' && node.label === 'Cursor');
    assert.ok(cursor, `no Cursor node; roots: ${tree.map((node) => node.label).join(', ')}`);
    const file = cursor.children.find((node) => node.label === '.cursor/mcp.json');
    assert.ok(file, `Cursor files: ${cursor.children.map((node) => node.label).join(', ')}`);
    assert.equal(file.icon, 'error');
    assert.match(file.description ?? '', /syntax/i);
    assert.ok(file.children.some((node) => node.kind === 'finding' && node.description === 'config-syntax'), JSON.stringify(file.children));
    await until('a config-syntax diagnostic', () => vscode.languages.getDiagnostics(cursorUri()).some((d) => code(d) === 'config-syntax'));
  });

  test('a server defined differently elsewhere offers its other definitions', async () => {
    const roo = api.latestScan()?.items.find((item) => item.server.configPath === rooUri().fsPath && item.server.name === 'github');
    assert.ok(roo, 'no Roo github item');
    assert.equal(roo.conflictsWith.length, 1, `conflicts: ${roo.conflictsWith.join(', ')}`);
    const document = await vscode.workspace.openTextDocument(rooUri());
    await vscode.window.showTextDocument(document);
    const at = document.positionAt(document.getText().indexOf('"github"') + 2);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', rooUri(), new vscode.Range(at, at));
    const open = actions.find((action) => action.title === 'Open other definitions of "github"');
    assert.ok(open?.command, `actions: ${actions.map((action) => action.title).join(' | ')}`);
    await vscode.commands.executeCommand(open.command.command, ...(open.command.arguments ?? []));
    await until('the Roo user settings to open', () => vscode.window.activeTextEditor?.document.uri.fsPath === rooUserUri().fsPath);
    const selected = vscode.window.activeTextEditor?.document.getText(vscode.window.activeTextEditor.selection);
    assert.equal(selected, '"github"');
  });

  test('env-reference and disable quick fixes are edits for a client that supports them', async () => {
    const document = await vscode.workspace.openTextDocument(rooUri());
    await vscode.window.showTextDocument(document);
    const at = document.positionAt(document.getText().indexOf(TOKEN) + 3);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', rooUri(), new vscode.Range(at, at));
    const titles = actions.map((action) => action.title);
    assert.ok(!titles.some((title) => title.includes('${input:')), `inputs are VS Code only; got: ${titles.join(' | ')}`);
    const envFix = actions.find((action) => action.title.startsWith('Replace inline secret with the environment variable reference ${env:GITHUB_PERSONAL_ACCESS_TOKEN}'));
    assert.ok(envFix?.edit, `actions: ${titles.join(' | ')}`);
    assert.match(envFix.title, /set GITHUB_PERSONAL_ACCESS_TOKEN/);
    const disable = actions.find((action) => action.title.startsWith('Disable server "github"'));
    assert.ok(disable?.edit, `actions: ${titles.join(' | ')}`);

    assert.ok(await vscode.workspace.applyEdit(envFix.edit));
    assert.ok(document.getText().includes('"GITHUB_PERSONAL_ACCESS_TOKEN": "${env:GITHUB_PERSONAL_ACCESS_TOKEN}"'), document.getText());
    assert.ok(document.getText().includes('// used by the docs team'));
    await vscode.commands.executeCommand('undo');
    assert.ok(document.getText().includes(TOKEN), 'undo did not bring the original back');

    // Recompute after undo: the disable edit was computed on the same text.
    assert.ok(await vscode.workspace.applyEdit(disable.edit));
    assert.ok(await document.save());
    await until('github (Roo) to be disabled', () => api.latestScan()?.items.some((item) => item.server.configPath === rooUri().fsPath && item.status === 'disabled') ?? false);
    const node = flatten(api.treeSnapshot()).find((item) => item.kind === 'server' && item.serverId?.startsWith('roo:'));
    assert.match(node?.contextValue ?? '', /^server\.disabled/);
  });

  test('a rule turned off in the settings disappears; a bad setting falls back', async () => {
    const config = vscode.workspace.getConfiguration('mcpWarden');
    const hasSecret = (): boolean => api.latestScan()?.findings.some((finding) => finding.ruleId === 'inline-secret' && finding.file === rooUri().fsPath) ?? false;
    assert.ok(hasSecret(), 'expected an inline-secret finding in the Roo config');
    await config.update('ruleSeverity', { 'inline-secret': 'off' }, vscode.ConfigurationTarget.Workspace);
    await until('inline-secret to be off', () => !hasSecret());
    await config.update('ruleSeverity', { 'inline-secret': 'loud' }, vscode.ConfigurationTarget.Workspace);
    await until('the bad value to fall back to the defaults', hasSecret);
    await config.update('ruleSeverity', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('cleanup', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.file(path.dirname(rooUri().fsPath)), { recursive: true });
    await vscode.workspace.fs.delete(vscode.Uri.file(path.dirname(cursorUri().fsPath)), { recursive: true });
    await vscode.workspace.fs.delete(rooUserUri());
    await api.rescan();
  });
});
