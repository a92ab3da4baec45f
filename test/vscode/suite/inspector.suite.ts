// The Inspector inside real VS Code: the real proxy (dist/warden-proxy.cjs) in front of the real
// memory server from npm, driven by the SDK's real Client, all as child processes of the
// extension host; the extension's hub receives the session live and the Inspector's page loads
// under its CSP. A second "window" (a HubHost in a state directory whose hub is already taken)
// follows the audit log instead, and takes the hub over when its owner goes away.
//
// Which Node runs the children: process.execPath with ELECTRON_RUN_AS_NODE=1. In this harness the
// extension host runs under the VS Code server's Node 24, where the variable is ignored; under
// desktop VS Code (@vscode/test-electron) process.execPath is Electron, which the variable turns
// into plain Node. Either way no `node` on PATH is assumed, as for a user without one.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { HubServer } from '../../../src/core/hub/server.js';
import type { WardenApi } from '../../../src/extension/extension.js';
import { HubHost } from '../../../src/extension/hub-host.js';
import { suite, test, until } from './framework.js';

const EXTENSION_ID = 'mcp-warden.mcp-warden';

async function api(): Promise<{ api: WardenApi; extensionPath: string }> {
  const extension = vscode.extensions.getExtension<WardenApi>(EXTENSION_ID);
  assert.ok(extension, 'extension missing');
  return { api: await extension.activate(), extensionPath: extension.extensionPath };
}

/** One MCP session through the proxy: initialize, tools/list, a tool call, close. */
async function proxiedSession(extensionPath: string, stateDir: string, serverId: string): Promise<void> {
  const proxy = path.join(extensionPath, 'dist', 'warden-proxy.cjs');
  const server = path.join(extensionPath, 'node_modules', '@modelcontextprotocol', 'server-memory', 'dist', 'index.js');
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [proxy, '--server', serverId, '--state-dir', stateDir, '--', process.execPath, server],
    env: { ...getDefaultEnvironment(), ELECTRON_RUN_AS_NODE: '1', MEMORY_FILE_PATH: path.join(stateDir, 'memory.jsonl') },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'warden-inspector-suite', version: '1.0.0' });
  await client.connect(transport);
  try {
    const tools = await client.listTools();
    assert.ok(tools.tools.some((tool) => tool.name === 'read_graph'), 'server-memory listed no read_graph tool');
    await client.callTool({ name: 'read_graph', arguments: {} });
  } finally {
    await client.close();
  }
}

suite('inspector', () => {
  test('the hub in the extension receives a proxied session live, with initialize and tools/list', async () => {
    const { api: warden, extensionPath } = await api();
    await until('this window to host the hub', () => warden.traffic().feed().mode === 'hub');
    const serverId = `inspector-suite-${Date.now()}`;
    await proxiedSession(extensionPath, warden.stateDirectory(), serverId);
    const session = await until('the session to end in the traffic store', () => warden.traffic().sessions().find((s) => s.serverId === serverId && s.end !== undefined));
    assert.equal(session.source, 'live');
    assert.equal(session.exitCode, 0);
    assert.equal(session.command, process.execPath);
    const messages = warden.traffic().messages(session.sessionId);
    const methods = messages.map((m) => `${m.kind} ${m.method ?? ''}`);
    assert.ok(methods.includes('request initialize'), methods.join(', '));
    assert.ok(methods.includes('request tools/list'), methods.join(', '));
    const listed = messages.find((m) => m.kind === 'response' && m.method === 'tools/list');
    assert.ok(listed && listed.size > 100 && typeof listed.latencyMs === 'number', `tools/list response summary: ${JSON.stringify(listed)}`);
    assert.deepEqual(
      messages.map((m) => m.seq),
      [...messages.map((m) => m.seq)].sort((a, b) => a - b),
      'messages kept in order',
    );
  }, 60_000);

  test('Open Inspector creates a webview panel whose page loads under the CSP', async () => {
    const { api: warden } = await api();
    await vscode.commands.executeCommand('mcpWarden.openInspector');
    await until('the Inspector page to report ready', () => warden.inspectorState().ready);
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    const tab = tabs.find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('mcpWarden.inspector'));
    assert.ok(tab, `no Inspector tab among: ${tabs.map((t) => t.label).join(', ')}`);
    assert.equal(tab.label, 'MCP Warden Inspector');
    // Reopening reveals the same panel rather than a second one.
    await vscode.commands.executeCommand('mcpWarden.openInspector');
    const again = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('mcpWarden.inspector'));
    assert.equal(again.length, 1);
    await vscode.window.tabGroups.close(again);
    await until('the panel to close', () => !warden.inspectorState().open);
  }, 30_000);

  test('a window whose hub is taken follows the audit log, then takes the hub over', async () => {
    const { extensionPath } = await api();
    const stateDir = mkdtempSync(path.join(os.tmpdir(), 'warden-second-window-'));
    const owner = await HubServer.start({ stateDir, onEvent: () => undefined });
    const second = new HubHost(stateDir);
    try {
      await second.start();
      assert.equal(second.feed.mode, 'audit-tail', `feed: ${JSON.stringify(second.feed)}`);
      const serverId = 'second-window-server';
      await proxiedSession(extensionPath, stateDir, serverId);
      const session = await until('the audit tail to deliver the session', () => second.store.sessions().find((s) => s.serverId === serverId && s.end !== undefined));
      assert.equal(session.source, 'audit');
      const methods = second.store.messages(session.sessionId).map((m) => m.method);
      assert.ok(methods.includes('initialize') && methods.includes('tools/list'), methods.join(', '));
      await owner.close();
      await until('the second window to take the hub over', () => second.feed.mode === 'hub', 15_000);
    } finally {
      second.dispose();
      await owner.close().catch(() => undefined);
      rmSync(stateDir, { recursive: true, force: true });
    }
  }, 60_000);
});
