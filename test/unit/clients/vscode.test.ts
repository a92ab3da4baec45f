import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vscodeAdapter } from '../../../src/core/clients/vscode.js';
import { fakeFs, lineOf, linux, mac, parse, paths, slice, windows } from './helpers.js';

test('vscode: workspace .vscode/mcp.json lists every server with its transport, command, args and env', () => {
  const parsed = parse(vscodeAdapter, { fixture: 'vscode/mcp.json' }, { path: '/w/.vscode/mcp.json', format: 'jsonc', scope: 'workspace', folder: '/w' });
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parsed.servers.map((server) => [server.name, server.transport]), [
    ['github', 'stdio'],
    ['fetch', 'stdio'],
    ['remote-docs', 'http'],
    ['legacy-events', 'sse'],
  ]);
  const github = parsed.server('github');
  assert.equal(github.command?.value, 'npx');
  assert.deepEqual(github.args.map((arg) => arg.value), ['-y', '@modelcontextprotocol/server-github']);
  assert.equal(slice(parsed.text, github.args[0]!.range), '"-y"');
  assert.equal(lineOf(github.args[0]!.range), 15);
  assert.deepEqual(Object.keys(github.env), ['GITHUB_PERSONAL_ACCESS_TOKEN']);
  assert.equal(slice(parsed.text, github.env['GITHUB_PERSONAL_ACCESS_TOKEN']!.range), '"${input:github-token}"');
  assert.equal(slice(parsed.text, github.nameRange), '"github"');
  assert.ok(slice(parsed.text, github.range).startsWith('{\n      "type": "stdio"'));
  assert.deepEqual(github.jsonPath, ['servers', 'github']);
  assert.equal(github.scope, 'workspace');
  assert.equal(github.folder, '/w');
  assert.equal(github.disabled, false);
  assert.equal(github.id, 'vscode:workspace:/w/.vscode/mcp.json:github');
  const remote = parsed.server('remote-docs');
  assert.equal(remote.url?.value, 'https://api.example.com/mcp');
  assert.equal(slice(parsed.text, remote.headers['Authorization']!.range), '"Bearer ${input:github-token}"');
});

test('vscode: legacy settings.json "mcp.servers", .code-workspace settings and devcontainer customizations', () => {
  const settings = parse(vscodeAdapter, { fixture: 'vscode/settings.json' }, { path: '/home/dev/.config/Code/User/settings.json', format: 'jsonc' });
  assert.deepEqual(settings.servers.map((server) => server.name), ['memory']);
  assert.deepEqual(settings.server('memory').jsonPath, ['mcp', 'servers', 'memory']);

  const workspace = parse(vscodeAdapter, { fixture: 'vscode/team.code-workspace' }, { path: '/w/team.code-workspace', format: 'jsonc', scope: 'workspace' });
  assert.deepEqual(workspace.server('filesystem').jsonPath, ['settings', 'mcp', 'servers', 'filesystem']);
  assert.equal(workspace.server('filesystem').args[2]?.value, '${workspaceFolder}');

  const devcontainer = parse(vscodeAdapter, { fixture: 'vscode/devcontainer.json' }, { path: '/w/.devcontainer/devcontainer.json', format: 'jsonc', scope: 'workspace' });
  assert.deepEqual(devcontainer.servers.map((server) => [server.name, server.jsonPath]), [
    ['playwright', ['customizations', 'vscode', 'mcp', 'servers', 'playwright']],
    ['time', ['customizations', 'vscode', 'settings', 'mcp.servers', 'time']],
  ]);
});

test('vscode: root .mcp.json is read with either "servers" or "mcpServers"', () => {
  const text = '{ "mcpServers": { "a": { "command": "x" } } }';
  const parsed = parse(vscodeAdapter, { text }, { path: '/w/.mcp.json', format: 'jsonc', scope: 'workspace' });
  assert.deepEqual(parsed.servers.map((server) => server.jsonPath), [['mcpServers', 'a']]);
});

test('vscode: locations cover every editor variant, each profile, and the workspace files', async () => {
  const fs = fakeFs({
    dirs: {
      '/home/dev/.config/Code/User/profiles': ['-6a1b2c', '5f0e9d'],
      '/w': ['team.code-workspace', 'package.json'],
    },
  });
  const locations = await vscodeAdapter.locations({ host: linux, folders: ['/w'], fs });
  const byPath = new Map(locations.map((location) => [location.path, location]));
  assert.equal(byPath.get('/home/dev/.config/Code/User/mcp.json')?.label, 'VS Code');
  assert.equal(byPath.get('/home/dev/.config/Code - Insiders/User/mcp.json')?.label, 'VS Code Insiders');
  assert.ok(byPath.has('/home/dev/.config/VSCodium/User/mcp.json'));
  assert.ok(byPath.has('/home/dev/.config/Cursor/User/mcp.json'));
  assert.ok(byPath.has('/home/dev/.config/Windsurf/User/settings.json'));
  const profile = byPath.get('/home/dev/.config/Code/User/profiles/5f0e9d/mcp.json');
  assert.equal(profile?.scope, 'profile');
  assert.equal(profile?.label, 'VS Code profile 5f0e9d');
  for (const path of ['/w/.vscode/mcp.json', '/w/.mcp.json', '/w/.vscode/settings.json', '/w/.devcontainer/devcontainer.json', '/w/team.code-workspace']) {
    assert.equal(byPath.get(path)?.scope, 'workspace', path);
    assert.equal(byPath.get(path)?.folder, '/w');
  }
  assert.ok(!byPath.has('/w/package.json'));
});

test('vscode: user dirs honour XDG_CONFIG_HOME on Linux, Application Support on macOS and APPDATA on Windows', async () => {
  assert.ok((await paths(vscodeAdapter, { ...linux, env: { XDG_CONFIG_HOME: '/xdg' } })).includes('/xdg/Code/User/mcp.json'));
  assert.ok((await paths(vscodeAdapter, mac)).includes('/Users/dev/Library/Application Support/Code - Insiders/User/mcp.json'));
  const win = await paths(vscodeAdapter, windows, ['D:\\src\\app']);
  assert.ok(win.includes('C:\\Users\\dev\\AppData\\Roaming\\Code\\User\\mcp.json'));
  assert.ok(win.includes('D:\\src\\app\\.vscode\\mcp.json'));
  const noAppData = await paths(vscodeAdapter, { platform: 'win32', homedir: 'C:\\Users\\x', env: {} });
  assert.ok(noAppData.includes('C:\\Users\\x\\AppData\\Roaming\\Code\\User\\mcp.json'));
});

test('vscode: references environment variables as ${env:VAR} and has no disabled flag', () => {
  assert.equal(vscodeAdapter.envReference?.('TOKEN'), '${env:TOKEN}');
  assert.equal(vscodeAdapter.disableKey, undefined);
});
