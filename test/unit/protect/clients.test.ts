// Every client's own fixture: protect every stdio server, read the file back with the client's
// adapter, protect again (no change), unprotect, and get the original bytes back.
import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { test } from 'node:test';
import type { ClientAdapter } from '../../../src/core/clients/adapter.js';
import { claudeCodeAdapter } from '../../../src/core/clients/claude-code.js';
import { claudeDesktopAdapter } from '../../../src/core/clients/claude-desktop.js';
import { clineAdapter } from '../../../src/core/clients/cline.js';
import { codexAdapter } from '../../../src/core/clients/codex.js';
import { continueAdapter } from '../../../src/core/clients/continue.js';
import { copilotCliAdapter } from '../../../src/core/clients/copilot-cli.js';
import { cursorAdapter } from '../../../src/core/clients/cursor.js';
import { geminiCliAdapter } from '../../../src/core/clients/gemini-cli.js';
import { gooseAdapter } from '../../../src/core/clients/goose.js';
import { kiroAdapter } from '../../../src/core/clients/kiro.js';
import { opencodeAdapter } from '../../../src/core/clients/opencode.js';
import { rooAdapter } from '../../../src/core/clients/roo.js';
import { vscodeAdapter } from '../../../src/core/clients/vscode.js';
import { windsurfAdapter } from '../../../src/core/clients/windsurf.js';
import { zedAdapter } from '../../../src/core/clients/zed.js';
import type { ConfigFormat, Scope, ServerEntry } from '../../../src/core/model.js';
import { protectionOf, proxyLaunch } from '../../../src/core/protect/detect.js';
import { protectServers, unprotectServers } from '../../../src/core/protect/protect.js';
import { recordPath } from '../../../src/core/protect/record.js';
import { inOrder, launchOf, place, proxy, sandbox } from './helpers.js';

interface Case {
  adapter: ClientAdapter;
  fixture: string;
  at: string;
  format: ConfigFormat;
  scope?: Scope;
  folder?: string;
  stdio: number;
}

const cases: Case[] = [
  { adapter: claudeDesktopAdapter, fixture: 'claude_desktop_config.json', at: 'Claude/claude_desktop_config.json', format: 'json', stdio: 2 },
  { adapter: claudeCodeAdapter, fixture: 'claude-code/claude.json', at: 'home/.claude.json', format: 'json', stdio: 1 },
  { adapter: claudeCodeAdapter, fixture: 'claude-code/mcp.json', at: 'w/.mcp.json', format: 'json', scope: 'workspace', folder: 'w', stdio: 1 },
  { adapter: clineAdapter, fixture: 'cline_mcp_settings.json', at: 'cline/cline_mcp_settings.json', format: 'json', stdio: 1 },
  { adapter: codexAdapter, fixture: 'codex-config.toml', at: '.codex/config.toml', format: 'toml', stdio: 2 },
  { adapter: continueAdapter, fixture: 'continue/config.yaml', at: '.continue/config.yaml', format: 'yaml', stdio: 1 },
  { adapter: continueAdapter, fixture: 'continue/config.json', at: '.continue/config.json', format: 'jsonc', stdio: 1 },
  { adapter: continueAdapter, fixture: 'continue/playwright-mcp.yaml', at: 'w/.continue/mcpServers/playwright-mcp.yaml', format: 'yaml', scope: 'workspace', folder: 'w', stdio: 1 },
  { adapter: copilotCliAdapter, fixture: 'copilot-mcp-config.json', at: '.copilot/mcp-config.json', format: 'json', stdio: 1 },
  { adapter: cursorAdapter, fixture: 'cursor-mcp.json', at: '.cursor/mcp.json', format: 'json', stdio: 1 },
  { adapter: geminiCliAdapter, fixture: 'gemini-settings.json', at: '.gemini/settings.json', format: 'jsonc', stdio: 1 },
  { adapter: gooseAdapter, fixture: 'goose-config.yaml', at: 'goose/config.yaml', format: 'yaml', stdio: 1 },
  { adapter: kiroAdapter, fixture: 'kiro-mcp.json', at: '.kiro/settings/mcp.json', format: 'json', stdio: 2 },
  { adapter: opencodeAdapter, fixture: 'opencode.jsonc', at: 'opencode/opencode.jsonc', format: 'jsonc', stdio: 1 },
  { adapter: rooAdapter, fixture: 'roo-mcp.json', at: 'roo/mcp_settings.json', format: 'json', stdio: 1 },
  { adapter: windsurfAdapter, fixture: 'windsurf-mcp_config.json', at: '.codeium/windsurf/mcp_config.json', format: 'json', stdio: 1 },
  { adapter: zedAdapter, fixture: 'zed-settings.json', at: 'zed/settings.json', format: 'jsonc', stdio: 2 },
  { adapter: vscodeAdapter, fixture: 'vscode/mcp.json', at: 'w/.vscode/mcp.json', format: 'jsonc', scope: 'workspace', folder: 'w', stdio: 2 },
  { adapter: vscodeAdapter, fixture: 'vscode/settings.json', at: 'Code/User/settings.json', format: 'jsonc', stdio: 1 },
  { adapter: vscodeAdapter, fixture: 'vscode/team.code-workspace', at: 'w/team.code-workspace', format: 'jsonc', scope: 'workspace', folder: 'w', stdio: 1 },
  { adapter: vscodeAdapter, fixture: 'vscode/devcontainer.json', at: 'w/.devcontainer/devcontainer.json', format: 'jsonc', scope: 'workspace', folder: 'w', stdio: 2 },
];

/** The lines of the file that hold no part of a stdio server's command or args: they must survive untouched. */
function untouchedLines(text: string, servers: readonly ServerEntry[]): string[] {
  const touched = new Set<number>();
  for (const server of servers) {
    if (server.transport !== 'stdio') continue;
    for (const range of [server.command?.range, ...server.args.map((arg) => arg.range)]) {
      if (range) for (let line = range.start.line; line <= range.end.line; line++) touched.add(line);
    }
  }
  return text.split('\n').filter((_, index) => !touched.has(index));
}

for (const item of cases) {
  test(`${item.adapter.id} ${item.fixture}: protect every stdio server, idempotent, unprotect byte for byte`, async () => {
    const { root, stateDir } = await sandbox();
    const folder = item.folder ? `${root}/${item.folder}` : undefined;
    const placed = await place(root, item.adapter, item.at, item.format, { fixture: item.fixture }, { scope: item.scope ?? 'user', ...(folder ? { folder } : {}) });
    const before = await placed.read();
    assert.deepEqual(before.source.problems.filter((problem) => problem.severity === 'error'), []);
    const servers = before.source.servers;
    const sources = [before.source];
    assert.equal(servers.filter((server) => server.transport === 'stdio').length, item.stdio);

    const report = await protectServers(servers, { stateDir, proxy, sources });
    assert.equal(report.files.length, 1);
    const [file] = report.files;
    assert.equal(file?.status, 'written', file?.message);
    for (const outcome of file!.servers) {
      const server = servers.find((candidate) => candidate.id === outcome.serverId)!;
      if (server.transport === 'stdio') assert.equal(outcome.status, 'protected', `${server.name}: ${outcome.message}`);
      else {
        assert.equal(outcome.status, 'not-protectable');
        assert.match(outcome.message, /not protectable yet \(remote\)/);
      }
    }
    assert.ok(file?.backup, 'a backup is taken before the first write');
    assert.deepEqual(await readFile(file!.backup!), before.bytes);

    // The client's own adapter reads the proxy launch, with the original after "--".
    const after = await placed.read();
    assert.deepEqual(after.source.problems.filter((problem) => problem.severity === 'error'), []);
    assert.equal(after.source.servers.length, servers.length);
    for (const server of servers) {
      const now = after.source.servers.find((candidate) => candidate.id === server.id)!;
      if (server.transport !== 'stdio') {
        assert.deepEqual(launchOf(now), launchOf(server));
        continue;
      }
      const original = { command: server.command!.value, args: server.args.map((arg) => arg.value) };
      assert.deepEqual(launchOf(now), { transport: 'stdio', ...proxyLaunch(original, server.id, proxy) });
      const protection = protectionOf(now);
      assert.equal(protection.protected, true);
      assert.deepEqual(protection.original, original);
      assert.equal(protection.serverId, server.id);
      assert.deepEqual(Object.fromEntries(Object.entries(now.env).map(([key, value]) => [key, value.value])), Object.fromEntries(Object.entries(server.env).map(([key, value]) => [key, value.value])));
      assert.equal(now.cwd?.value, server.cwd?.value);
      assert.equal(now.disabled, server.disabled);
    }
    // Comments and formatting: every line without a launch in it is still there, in order.
    assert.ok(inOrder(untouchedLines(before.text, servers), after.text.split('\n')), `untouched lines changed:\n${after.text}`);

    // Protect twice = protect once.
    const again = await protectServers(after.source.servers, { stateDir, proxy, sources: [after.source] });
    assert.equal(again.files[0]?.status, 'unchanged');
    assert.ok(again.files[0]!.servers.every((outcome) => outcome.status === 'already-protected' || outcome.status === 'not-protectable'));
    assert.deepEqual(await readFile(placed.file), after.bytes);

    const undo = await unprotectServers(after.source.servers, { stateDir, sources: [after.source] });
    assert.equal(undo.files[0]?.status, 'written', undo.files[0]?.message);
    for (const outcome of undo.files[0]!.servers) assert.ok(['unprotected', 'not-protected'].includes(outcome.status), `${outcome.name}: ${outcome.message}`);
    assert.deepEqual(await readFile(placed.file), before.bytes, 'unprotect gives the original bytes back');
    await assert.rejects(access(recordPath(stateDir, placed.file)), 'the record goes when nothing in the file is protected');

    // Unprotect twice = once.
    const undoAgain = await unprotectServers(servers, { stateDir, sources });
    assert.equal(undoAgain.files[0]?.status, 'unchanged');
    assert.ok(undoAgain.files[0]!.servers.every((outcome) => outcome.status === 'not-protected'));
    assert.deepEqual(await readFile(placed.file), before.bytes);
  });
}
