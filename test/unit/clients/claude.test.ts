import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claudeCodeAdapter } from '../../../src/core/clients/claude-code.js';
import { claudeDesktopAdapter } from '../../../src/core/clients/claude-desktop.js';
import { lineOf, linux, mac, parse, paths, slice, windows } from './helpers.js';

test('claude-desktop: reads mcpServers with commands, args and env', () => {
  const parsed = parse(claudeDesktopAdapter, { fixture: 'claude_desktop_config.json' }, { path: '/c/claude_desktop_config.json', format: 'json' });
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parsed.servers.map((server) => server.name), ['filesystem', 'brave-search']);
  const filesystem = parsed.server('filesystem');
  assert.equal(filesystem.transport, 'stdio');
  assert.deepEqual(filesystem.args.map((arg) => arg.value), ['-y', '@modelcontextprotocol/server-filesystem', '/Users/username/Desktop', '/Users/username/Downloads']);
  assert.equal(slice(parsed.text, filesystem.args[3]!.range), '"/Users/username/Downloads"');
  assert.equal(lineOf(filesystem.args[3]!.range), 9);
  assert.equal(parsed.server('brave-search').env['BRAVE_API_KEY']?.value, 'BSA-example-key');
});

test('claude-desktop: config path on each platform', async () => {
  assert.deepEqual(await paths(claudeDesktopAdapter, mac), ['/Users/dev/Library/Application Support/Claude/claude_desktop_config.json']);
  assert.deepEqual(await paths(claudeDesktopAdapter, windows), ['C:\\Users\\dev\\AppData\\Roaming\\Claude\\claude_desktop_config.json']);
  assert.deepEqual(await paths(claudeDesktopAdapter, linux), ['/home/dev/.config/Claude/claude_desktop_config.json']);
  assert.deepEqual(await paths(claudeDesktopAdapter, { ...linux, env: { XDG_CONFIG_HOME: '/cfg' } }), ['/cfg/Claude/claude_desktop_config.json']);
});

test('claude-code: ~/.claude.json yields user servers and a server per project with its project key', () => {
  const parsed = parse(claudeCodeAdapter, { fixture: 'claude-code/claude.json' }, { path: '/home/dev/.claude.json', format: 'json' });
  assert.deepEqual(parsed.problems, []);
  const sentry = parsed.server('sentry');
  assert.equal(sentry.scope, 'user');
  assert.equal(sentry.transport, 'http');
  assert.equal(sentry.url?.value, 'https://mcp.sentry.dev/mcp');
  assert.equal(sentry.projectKey, undefined);
  const postgres = parsed.server('postgres');
  assert.equal(postgres.scope, 'project');
  assert.equal(postgres.projectKey, '/home/dev/shop');
  assert.equal(postgres.folder, '/home/dev/shop');
  assert.deepEqual(postgres.jsonPath, ['projects', '/home/dev/shop', 'mcpServers', 'postgres']);
  assert.equal(postgres.id, 'claude-code:project:/home/dev/.claude.json#/home/dev/shop:postgres');
  assert.equal(slice(parsed.text, postgres.args[3]!.range), '"${DATABASE_URL:-postgresql://localhost/shop}"');
  assert.equal(parsed.servers.length, 2);
});

test('claude-code: workspace .mcp.json with sse and ${VAR} references', () => {
  const parsed = parse(claudeCodeAdapter, { fixture: 'claude-code/mcp.json' }, { path: '/w/.mcp.json', format: 'json', scope: 'workspace', folder: '/w' });
  const api = parsed.server('api-server');
  assert.equal(api.transport, 'sse');
  assert.equal(api.headers['Authorization']?.value, 'Bearer ${API_KEY}');
  assert.equal(parsed.server('airtable').scope, 'workspace');
  assert.equal(claudeCodeAdapter.envReference?.('API_KEY'), '${API_KEY}');
});

test('claude-code: a "projects" entry in a workspace .mcp.json is not treated as Claude Code projects', () => {
  const text = '{"projects": {"/x": {"mcpServers": {"a": {"command": "a"}}}}}';
  const parsed = parse(claudeCodeAdapter, { text }, { path: '/w/.mcp.json', format: 'json', scope: 'workspace' });
  assert.deepEqual(parsed.servers, []);
});

test('claude-code: user, workspace and managed locations per platform', async () => {
  assert.deepEqual(await paths(claudeCodeAdapter, linux, ['/w']), ['/home/dev/.claude.json', '/w/.mcp.json', '/etc/claude-code/managed-mcp.json']);
  assert.deepEqual(await paths(claudeCodeAdapter, mac), ['/Users/dev/.claude.json', '/Library/Application Support/ClaudeCode/managed-mcp.json']);
  assert.deepEqual(await paths(claudeCodeAdapter, windows), ['C:\\Users\\dev\\.claude.json', 'C:\\ProgramData\\ClaudeCode\\managed-mcp.json']);
  const locations = await claudeCodeAdapter.locations({ host: linux, folders: [], fs: { stat: async () => ({ kind: 'file', size: 0, mtimeMs: 0 }), readFile: async () => new Uint8Array(), readdir: async () => [] } });
  assert.equal(locations.find((location) => location.path.endsWith('managed-mcp.json'))?.scope, 'managed');
  assert.deepEqual(await paths(claudeCodeAdapter, { ...linux, env: { CLAUDE_CONFIG_DIR: '/cc' } }), ['/cc/.claude.json', '/etc/claude-code/managed-mcp.json']);
});
