// The user settings the proxies need with VS Code closed, inside real VS Code: mcpWarden.detection
// is written to <state>/detection.json (0600, the previous file kept as .bak, an invalid value
// never written), and mcpWarden.policyFile is recorded in <state>/settings.json so the proxies
// apply the organisation's detection floor.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { WardenApi } from '../../../src/extension/extension.js';
import { suite, test, until } from './framework.js';

const read = (file: string): string | undefined => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);

suite('detection settings', () => {
  test(
    'setting mcpWarden.detection writes detection.json; an invalid value leaves it as it was',
    async () => {
      const extension = vscode.extensions.getExtension<WardenApi>('mcp-warden.mcp-warden');
      assert.ok(extension);
      const stateDir = (await extension.activate()).stateDirectory();
      const file = path.join(stateDir, 'detection.json');
      const handWritten = '{"responses": {"high": "redact"}}\n';
      await fs.mkdir(stateDir, { recursive: true });
      await fs.writeFile(file, handWritten);
      const configuration = vscode.workspace.getConfiguration('mcpWarden');
      const chosen = { definitions: { high: 'pass' }, servers: { 'vscode:user:/x:mail': { tools: { send_email: { arguments: { high: 'block' } } } } } };
      try {
        await configuration.update('detection', chosen, vscode.ConfigurationTarget.Global);
        const written = await until('detection.json from the setting', () => (read(file)?.includes('send_email') ? read(file) : undefined), 10_000);
        assert.deepEqual(JSON.parse(written), chosen);
        assert.equal(read(`${file}.bak`), handWritten, 'the hand-written file is kept');
        if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600);

        // A misspelt level must not reach the proxies (they would fall back to the defaults) nor erase the last good file.
        await configuration.update('detection', { definitions: { hgih: 'pass' } }, vscode.ConfigurationTarget.Global);
        await configuration.update('detection', { responses: { medium: 'warn' } }, vscode.ConfigurationTarget.Global);
        await until('the next valid value', () => read(file)?.includes('"medium"'), 10_000);
        assert.ok(!read(file)?.includes('hgih'));
        assert.deepEqual(JSON.parse(read(file)!), { responses: { medium: 'warn' } });
      } finally {
        await configuration.update('detection', undefined, vscode.ConfigurationTarget.Global);
        await fs.rm(file, { force: true });
        await fs.rm(`${file}.bak`, { force: true });
      }
    },
    40_000,
  );

  test(
    'the user policy file is recorded for the proxies, and forgotten when set to ""',
    async () => {
      const extension = vscode.extensions.getExtension<WardenApi>('mcp-warden.mcp-warden');
      assert.ok(extension);
      const stateDir = (await extension.activate()).stateDirectory();
      const settingsFile = path.join(stateDir, 'settings.json');
      const policy = path.join(stateDir, 'org-policy.json');
      await fs.writeFile(policy, '{"version": 1, "detection": {"definitions": {"high": "block"}}}\n');
      const configuration = vscode.workspace.getConfiguration('mcpWarden');
      try {
        await configuration.update('policyFile', policy, vscode.ConfigurationTarget.Global);
        await until('policyFile in settings.json', () => read(settingsFile)?.includes('org-policy.json'), 10_000);
        assert.equal((JSON.parse(read(settingsFile)!) as { policyFile?: string }).policyFile, policy);
        await configuration.update('policyFile', '', vscode.ConfigurationTarget.Global);
        await until('policyFile gone from settings.json', () => !read(settingsFile)?.includes('policyFile'), 10_000);
      } finally {
        await configuration.update('policyFile', undefined, vscode.ConfigurationTarget.Global);
        await fs.rm(policy, { force: true });
      }
    },
    40_000,
  );
});
