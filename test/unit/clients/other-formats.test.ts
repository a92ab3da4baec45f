import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codexAdapter } from '../../../src/core/clients/codex.js';
import { continueAdapter } from '../../../src/core/clients/continue.js';
import { gooseAdapter } from '../../../src/core/clients/goose.js';
import { opencodeAdapter } from '../../../src/core/clients/opencode.js';
import { zedAdapter } from '../../../src/core/clients/zed.js';
import { fakeFs, lineOf, linux, mac, parse, paths, slice, windows } from './helpers.js';

test('codex: [mcp_servers.x] tables with env subtable, url, http_headers and enabled = false', async () => {
  const parsed = parse(codexAdapter, { fixture: 'codex-config.toml' }, { path: '/home/dev/.codex/config.toml', format: 'toml' });
  assert.deepEqual(parsed.problems, []);
  const context7 = parsed.server('context7');
  assert.equal(context7.transport, 'stdio');
  assert.equal(context7.command?.value, 'npx');
  assert.equal(slice(parsed.text, context7.args[0]?.range), '"-y"');
  assert.equal(lineOf(context7.args[0]?.range), 6);
  assert.equal(context7.env['MY_ENV_VAR']?.value, 'MY_ENV_VALUE');
  assert.deepEqual(context7.jsonPath, ['mcp_servers', 'context7']);
  assert.equal(slice(parsed.text, context7.nameRange), 'mcp_servers.context7');
  assert.equal(lineOf(context7.range), 4);
  const figma = parsed.server('figma');
  assert.equal(figma.transport, 'http');
  assert.equal(figma.headers['X-Figma-Region']?.value, 'us-east-1');
  const docs = parsed.server('docs');
  assert.equal(docs.disabled, true);
  assert.equal(docs.cwd?.value, '/Users/me/docs');
  assert.equal(context7.disabled, false);
  assert.deepEqual(codexAdapter.disableKey, { key: 'enabled', value: false });
  assert.deepEqual(await paths(codexAdapter, linux, ['/w']), ['/home/dev/.codex/config.toml', '/w/.codex/config.toml']);
  assert.deepEqual(await paths(codexAdapter, { ...linux, env: { CODEX_HOME: '/opt/codex' } }), ['/opt/codex/config.toml']);
  assert.deepEqual(await paths(codexAdapter, windows), ['C:\\Users\\dev\\.codex\\config.toml']);
});

test('continue: YAML mcpServers list, named by their name field, with list-index paths', () => {
  const parsed = parse(continueAdapter, { fixture: 'continue/config.yaml' }, { path: '/home/dev/.continue/config.yaml', format: 'yaml' });
  assert.deepEqual(parsed.problems, []);
  const sqlite = parsed.server('SQLite MCP');
  assert.deepEqual(sqlite.jsonPath, ['mcpServers', 0]);
  assert.equal(slice(parsed.text, sqlite.nameRange), 'SQLite MCP');
  assert.deepEqual(sqlite.args.map((arg) => arg.value), ['-y', 'mcp-sqlite', '/path/to/your/database.db']);
  assert.equal(slice(parsed.text, sqlite.args[0]?.range), '"-y"');
  assert.equal(lineOf(sqlite.args[0]?.range), 14);
  assert.equal(sqlite.env['DEBUG']?.value, '1');
  const docs = parsed.server('Remote Docs');
  assert.equal(docs.transport, 'http');
  assert.deepEqual(docs.jsonPath, ['mcpServers', 1]);
});

test('continue: older config.json with experimental transport blocks, and workspace blocks', () => {
  const parsed = parse(continueAdapter, { fixture: 'continue/config.json' }, { path: '/home/dev/.continue/config.json', format: 'jsonc' });
  assert.deepEqual(parsed.problems, []);
  const [server] = parsed.servers;
  assert.equal(server?.command?.value, 'uvx');
  assert.equal(server?.name, '#1');
  assert.deepEqual(server?.jsonPath, ['experimental', 'modelContextProtocolServers', 0]);
  assert.deepEqual(server?.args.map((arg) => arg.value), ['mcp-server-sqlite', '--db-path', '/Users/NAME/test.db']);

  const block = parse(continueAdapter, { fixture: 'continue/playwright-mcp.yaml' }, { path: '/w/.continue/mcpServers/playwright-mcp.yaml', format: 'yaml', scope: 'workspace' });
  assert.equal(block.server('Browser search').args[0]?.value, '@playwright/mcp@latest');

  const copied = parse(continueAdapter, { fixture: 'claude_desktop_config.json' }, { path: '/w/.continue/mcpServers/claude.json', format: 'jsonc', scope: 'workspace' });
  assert.deepEqual(copied.servers.map((entry) => entry.name), ['filesystem', 'brave-search']);
});

test('continue: locations include ~/.continue and each .yaml/.json block in .continue/mcpServers', async () => {
  const fs = fakeFs({ dirs: { '/w/.continue/mcpServers': ['b.json', 'a.yaml', 'notes.md'] } });
  assert.deepEqual(await paths(continueAdapter, linux, ['/w', '/other'], fs), [
    '/home/dev/.continue/config.yaml',
    '/home/dev/.continue/config.json',
    '/w/.continue/mcpServers/a.yaml',
    '/w/.continue/mcpServers/b.json',
  ]);
});

test('zed: command object (older), flat command, url with enabled: false; extension servers skipped', async () => {
  const parsed = parse(zedAdapter, { fixture: 'zed-settings.json' }, { path: '/home/dev/.config/zed/settings.json', format: 'jsonc' });
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parsed.servers.map((server) => server.name), ['postgres', 'legacy', 'remote']);
  const legacy = parsed.server('legacy');
  assert.equal(legacy.command?.value, '/usr/local/bin/legacy-mcp');
  assert.equal(slice(parsed.text, legacy.args[0]?.range), '"--stdio"');
  assert.equal(legacy.env['LEGACY_TOKEN']?.value, 'abc');
  assert.equal(parsed.server('postgres').args[2]?.value, 'postgresql://localhost/mydb');
  const remote = parsed.server('remote');
  assert.equal(remote.transport, 'http');
  assert.equal(remote.disabled, true);
  assert.deepEqual(await paths(zedAdapter, linux, ['/w']), ['/home/dev/.config/zed/settings.json', '/w/.zed/settings.json']);
  assert.deepEqual(await paths(zedAdapter, { ...linux, env: { XDG_CONFIG_HOME: '/x' } }), ['/x/zed/settings.json']);
  assert.deepEqual(await paths(zedAdapter, mac), ['/Users/dev/.config/zed/settings.json']);
  assert.deepEqual(await paths(zedAdapter, windows), ['C:\\Users\\dev\\AppData\\Roaming\\Zed\\settings.json']);
});

test('goose: extensions map with cmd/envs/uri; builtins are not listed; enabled: false is disabled', async () => {
  const parsed = parse(gooseAdapter, { fixture: 'goose-config.yaml' }, { path: '/home/dev/.config/goose/config.yaml', format: 'yaml' });
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parsed.servers.map((server) => server.name), ['github', 'remote-notes']);
  const github = parsed.server('github');
  assert.equal(github.command?.value, 'npx');
  assert.equal(slice(parsed.text, github.args[1]?.range), "'@modelcontextprotocol/server-github'");
  assert.equal(github.env['GITHUB_PERSONAL_ACCESS_TOKEN']?.value, 'ghp_example');
  const notes = parsed.server('remote-notes');
  assert.equal(notes.transport, 'http');
  assert.equal(notes.url?.value, 'https://notes.example.com/mcp');
  assert.equal(notes.disabled, true);
  assert.deepEqual(await paths(gooseAdapter, linux), ['/home/dev/.config/goose/config.yaml']);
  assert.deepEqual(await paths(gooseAdapter, mac), ['/Users/dev/.config/goose/config.yaml']);
  assert.deepEqual(await paths(gooseAdapter, windows), ['C:\\Users\\dev\\AppData\\Roaming\\Block\\goose\\config\\config.yaml']);
});

test('opencode: command list split into command and args, each with its own range; remote and enabled', async () => {
  const parsed = parse(opencodeAdapter, { fixture: 'opencode.jsonc' }, { path: '/home/dev/.config/opencode/opencode.jsonc', format: 'jsonc' });
  assert.deepEqual(parsed.problems, []);
  const local = parsed.server('my-local-mcp-server');
  assert.equal(local.transport, 'stdio');
  assert.equal(slice(parsed.text, local.command?.range), '"bun"');
  assert.deepEqual(local.args.map((arg) => slice(parsed.text, arg.range)), ['"x"', '"my-mcp-command"']);
  assert.equal(local.env['MY_ENV_VAR']?.value, '{env:MY_ENV_VAR}');
  assert.equal(local.disabled, false);
  const remote = parsed.server('my-remote-mcp');
  assert.equal(remote.transport, 'http');
  assert.equal(remote.disabled, true);
  assert.equal(remote.headers['Authorization']?.value, 'Bearer MY_API_KEY');
  assert.equal(opencodeAdapter.envReference?.('TOKEN'), '{env:TOKEN}');
  assert.deepEqual(await paths(opencodeAdapter, linux, ['/w']), [
    '/home/dev/.config/opencode/opencode.json',
    '/home/dev/.config/opencode/opencode.jsonc',
    '/w/opencode.json',
    '/w/opencode.jsonc',
  ]);
});
