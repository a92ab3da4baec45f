// The inventory features of MCP Warden inside a real VS Code extension host: the Servers view,
// diagnostics on exact ranges, the inline-secret quick fix, live re-linting on edits, and
// approving a shadow server. The suite writes its own .vscode/mcp.json into the temp workspace
// (restoring the original at the end) so the expected ranges are known here.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { WardenApi } from '../../../src/extension/api.js';
import type { TreeSnapshot } from '../../../src/extension/servers-tree.js';
import { suite, test } from './framework.js';

declare const __MCP_WARDEN_RESULTS_FILE__: string;

const EXTENSION_ID = 'mcp-warden.mcp-warden';
// Random text in the shape of a GitHub token (not a credential), assembled so scanners skip it.
const TOKEN = ['gh', 'p_', 'Qz7Lk2Wm9Xv4Rt8Np3Hs6Jd1Fb5Gc0Ya2Ue7Io4'].join('');

const CONFIG = `{
  // Team MCP servers (comment must survive quick fixes)
  "servers": {
    "github": {
      "type": "stdio",
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"],
      "env": {
        // personal token, rotate monthly
        "GITHUB_PERSONAL_ACCESS_TOKEN": "${TOKEN}"
      }
    },
    "local-notes": {
      "type": "stdio",
      "command": "node",
      "args": ["./notes-server.js"]
    }
  }
}
`;

let api: WardenApi;
let configUri: vscode.Uri;
let original: string | undefined;

function folder(): string {
  const first = vscode.workspace.workspaceFolders?.[0];
  assert.ok(first, 'the test workspace has no folder');
  return first.uri.fsPath;
}

function flatten(nodes: TreeSnapshot[]): TreeSnapshot[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

function position(text: string, needle: string, delta = 0): vscode.Position {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `"${needle}" not in the config`);
  const before = text.slice(0, index + delta);
  const line = before.split('\n').length - 1;
  return new vscode.Position(line, before.length - before.lastIndexOf('\n') - 1);
}

function code(diagnostic: vscode.Diagnostic): string | undefined {
  const value = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return value === undefined ? undefined : String(value);
}

/** Polls until check() holds, returning how long it took. */
async function eventually(what: string, check: () => boolean, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - started;
}

function wardenDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'MCP Warden');
}

async function scanWith(predicate: (scan: NonNullable<ReturnType<WardenApi['latestScan']>>) => boolean, what: string): Promise<void> {
  await eventually(what, () => {
    const latest = api.latestScan();
    return latest !== undefined && predicate(latest);
  });
}

suite('inventory', () => {
  test('activates with an api and scans the workspace', async () => {
    const extension = vscode.extensions.getExtension<WardenApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} not loaded`);
    api = await extension.activate();
    assert.equal(typeof api?.latestScan, 'function', 'activate() did not return the Warden api');
    configUri = vscode.Uri.file(path.join(folder(), '.vscode', 'mcp.json'));
    original = await fs.readFile(configUri.fsPath, 'utf8').catch(() => undefined);
    // Through VS Code's file service, so an editor model VS Code's own MCP client holds stays in sync.
    await vscode.workspace.fs.writeFile(configUri, new TextEncoder().encode(CONFIG));
    // A model another suite left open catches up with the disk asynchronously; Warden lints that
    // model in place of the file, so wait for it before scanning.
    await eventually('open documents to show the fixture config', () => vscode.workspace.textDocuments.every((doc) => doc.uri.toString() !== configUri.toString() || doc.getText() === CONFIG));
    await api.rescan();
    await scanWith((scan) => scan.items.some((item) => item.server.name === 'github' && item.server.configPath === configUri.fsPath), 'a scan with the github server');
  });

  test('the Servers view groups by client and file and flags shadow servers', async () => {
    const tree = api.treeSnapshot();
    const client = tree.find((node) => node.kind === 'client' && node.label === 'VS Code');
    assert.ok(client, `no VS Code client node; roots: ${tree.map((node) => node.label).join(', ')}`);
    const file = client.children.find((node) => node.kind === 'file' && node.label === '.vscode/mcp.json');
    assert.ok(file, `no .vscode/mcp.json node under VS Code; files: ${client.children.map((node) => node.label).join(', ')}`);
    assert.match(file.description ?? '', /workspace/);
    const github = file.children.find((node) => node.label === 'github');
    assert.ok(github, 'no github server item');
    assert.match(github.contextValue ?? '', /^server\.shadow/);
    assert.equal(github.icon, 'warning');
    assert.match(github.description ?? '', /shadow/);
    assert.match(github.description ?? '', /stdio · npx -y @modelcontextprotocol\/server-github@2025\.4\.8/);
    const ruleIds = github.children.map((node) => node.description);
    assert.ok(ruleIds.includes('inline-secret'), `github's findings: ${ruleIds.join(', ')}`);
    assert.ok(ruleIds.includes('shadow-server'), `github's findings: ${ruleIds.join(', ')}`);
    const notes = file.children.find((node) => node.label === 'local-notes');
    assert.ok(notes, 'no local-notes server item');
    assert.match(notes.contextValue ?? '', /^server\.shadow/);
    assert.ok(flatten(tree).some((node) => node.kind === 'finding'), 'no finding items');
  });

  test('diagnostics sit on the exact ranges with rule links', async () => {
    await eventually('Warden diagnostics on .vscode/mcp.json', () => wardenDiagnostics(configUri).some((d) => code(d) === 'inline-secret'));
    const diagnostics = wardenDiagnostics(configUri);
    const secret = diagnostics.find((d) => code(d) === 'inline-secret');
    assert.ok(secret);
    const start = position(CONFIG, TOKEN);
    assert.deepEqual([secret.range.start.line, secret.range.start.character], [start.line, start.character]);
    assert.equal(secret.range.end.character - secret.range.start.character, TOKEN.length);
    assert.equal(secret.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(typeof secret.code === 'object' && secret.code.target.toString().endsWith('docs/rules/inline-secret.md'), `code: ${JSON.stringify(secret.code)}`);
    const shadow = diagnostics.find((d) => code(d) === 'shadow-server' && d.message.includes('"github"'));
    assert.ok(shadow, `codes: ${diagnostics.map(code).join(', ')}`);
    const name = position(CONFIG, '"github"');
    assert.deepEqual([shadow.range.start.line, shadow.range.start.character], [name.line, name.character]);
  });

  test('the inline-secret quick fix moves the secret to ${input:…} and keeps comments', async () => {
    const document = await vscode.workspace.openTextDocument(configUri);
    await vscode.window.showTextDocument(document);
    const start = position(CONFIG, TOKEN, 2);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', configUri, new vscode.Range(start, start));
    const titles = actions.map((action) => action.title);
    const fix = actions.find((action) => action.title.startsWith('Replace inline secret with ${input:'));
    assert.ok(fix?.edit, `no input quick fix; actions: ${titles.join(' | ')}`);
    assert.ok(titles.some((title) => title.startsWith('Approve server "github"')), `no approve action; actions: ${titles.join(' | ')}`);
    const next = api.nextScan();
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const text = document.getText();
    assert.ok(!text.includes(TOKEN), 'the token is still in the document');
    assert.match(text, /"GITHUB_PERSONAL_ACCESS_TOKEN": "\$\{input:github-personal-access-token\}"/);
    assert.ok(text.includes('// Team MCP servers (comment must survive quick fixes)'), 'the top comment was lost');
    assert.ok(text.includes('// personal token, rotate monthly'), 'the env comment was lost');
    // Whole-line comments only in this fixture; jsonc-parser's UMD build does not bundle into the suites.
    const parsed = JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as { inputs?: Array<Record<string, unknown>> };
    assert.deepEqual(parsed.inputs?.[0], {
      type: 'promptString',
      id: 'github-personal-access-token',
      description: 'GITHUB_PERSONAL_ACCESS_TOKEN for the MCP server "github"',
      password: true,
    });
    assert.equal(document.isDirty, true, 'the fix must be an edit the user saves, not a file write');
    // The unsaved text is linted: the secret diagnostic goes away before saving.
    await next;
    await eventually('the inline-secret diagnostic to disappear', () => !wardenDiagnostics(configUri).some((d) => code(d) === 'inline-secret'));
    assert.ok(await document.save());
    assert.ok(!(await fs.readFile(configUri.fsPath, 'utf8')).includes(TOKEN));
  });

  test('editing the config refreshes diagnostics, saved or not', async () => {
    const document = await vscode.workspace.openTextDocument(configUri);
    const anchor = position(document.getText(), '"local-notes"');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(configUri, anchor, '"plain-remote": { "type": "http", "url": "http://mcp.example.com/mcp" },\n    ');
    // Measured from the moment the extension host sees the edit (applyEdit itself is a round trip
    // to the browser window here) to the moment the diagnostic is published. The 200 ms target is
    // reported by bench/activation.bench.ts from the file written below, not asserted here.
    let editedAt = 0;
    let diagnosedAt = 0;
    const listeners = [
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.toString() === configUri.toString() && editedAt === 0) editedAt = performance.now();
      }),
      vscode.languages.onDidChangeDiagnostics(() => {
        if (diagnosedAt === 0 && editedAt > 0 && wardenDiagnostics(configUri).some((d) => code(d) === 'insecure-http')) diagnosedAt = performance.now();
      }),
    ];
    try {
      assert.ok(await vscode.workspace.applyEdit(edit));
      await eventually('an insecure-http diagnostic for the unsaved edit', () => diagnosedAt > 0);
    } finally {
      listeners.forEach((listener) => listener.dispose());
    }
    await fs.writeFile(path.join(path.dirname(__MCP_WARDEN_RESULTS_FILE__), 'refresh.json'), JSON.stringify({ editToDiagnosticMs: diagnosedAt - editedAt }));
    const http = wardenDiagnostics(configUri).find((d) => code(d) === 'insecure-http');
    assert.ok(http);
    assert.equal(document.getText(http.range).replace(/^"|"$/g, ''), 'http://mcp.example.com/mcp');
    assert.ok(await document.save());
    // Remove it again with a save; the diagnostic follows.
    const removal = new vscode.WorkspaceEdit();
    const text = document.getText();
    const from = text.indexOf('"plain-remote"');
    const to = text.indexOf('"local-notes"');
    removal.delete(configUri, new vscode.Range(document.positionAt(from), document.positionAt(to)));
    assert.ok(await vscode.workspace.applyEdit(removal));
    assert.ok(await document.save());
    await eventually('the insecure-http diagnostic to go', () => !wardenDiagnostics(configUri).some((d) => code(d) === 'insecure-http'));
  });

  test('approving a shadow server makes it approved; revoking makes it shadow again', async () => {
    await api.whenScanned();
    const github = api.latestScan()?.items.find((item) => item.server.name === 'github' && item.server.configPath === configUri.fsPath);
    assert.ok(github);
    assert.equal(github.status, 'shadow');
    await vscode.commands.executeCommand('mcpWarden.approveServer', github.server.id);
    await scanWith((scan) => scan.items.some((item) => item.server.id === github.server.id && item.status === 'approved'), 'github to be approved');
    const node = flatten(api.treeSnapshot()).find((item) => item.serverId === github.server.id);
    assert.match(node?.contextValue ?? '', /^server\.approved/);
    assert.ok(!wardenDiagnostics(configUri).some((d) => code(d) === 'shadow-server' && d.message.includes('"github"')), 'the shadow diagnostic stayed');
    const approvals = JSON.parse(await fs.readFile(path.join(api.stateDirectory(), 'approvals.json'), 'utf8')) as { approvals: Array<{ name: string }> };
    assert.ok(approvals.approvals.some((approval) => approval.name === 'github'));
    await vscode.commands.executeCommand('mcpWarden.revokeApproval', github.server.id);
    await scanWith((scan) => scan.items.some((item) => item.server.id === github.server.id && item.status === 'shadow'), 'github to be shadow again');
  });

  test('the status bar and view commands run', async () => {
    await vscode.commands.executeCommand('mcpWarden.showView');
    const result = await vscode.commands.executeCommand('mcpWarden.refresh');
    assert.ok(result, 'refresh returned no scan result');
  });

  test('cleanup: restore the fixture config', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (original === undefined) await vscode.workspace.fs.delete(configUri);
    else await vscode.workspace.fs.writeFile(configUri, new TextEncoder().encode(original));
    await api.rescan();
  });
});
