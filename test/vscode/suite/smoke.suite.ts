// Smoke: the repository's extension loads in a real VS Code extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from './framework.js';

const EXTENSION_ID = 'mcp-warden.mcp-warden';

suite('smoke', () => {
  test(`extension ${EXTENSION_ID} is present and activates`, async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const others = vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id);
    assert.ok(ext, `extension ${EXTENSION_ID} not found; non-builtin extensions loaded: ${others.join(', ') || '(none)'}`);
    await ext.activate();
    assert.equal(ext.isActive, true, 'extension did not become active');
  });

  test('command mcpWarden.refresh is registered', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('mcpWarden.refresh'), `mcpWarden.refresh missing; mcpWarden.* commands: ${commands.filter((c) => c.startsWith('mcpWarden.')).join(', ') || '(none)'}`);
  });
});
