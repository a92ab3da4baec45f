import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { copilotCliAdapter } from '../../../src/core/clients/copilot-cli.js';
import { qwenCodeAdapter } from '../../../src/core/clients/qwen-code.js';
import { protectionOf } from '../../../src/core/protect/detect.js';
import { protectServers, unprotectServers } from '../../../src/core/protect/protect.js';
import { place, proxy, sandbox } from '../protect/helpers.js';
import { fakeFs, lineOf, linux, mac, parse, paths, slice, windows } from './helpers.js';

test('qwen-code settings.json: comments, env references, httpUrl is streamable HTTP, url is SSE', () => {
  const parsed = parse(qwenCodeAdapter, { fixture: 'qwen-settings.json' }, { path: '/home/dev/.qwen/settings.json', format: 'jsonc' });
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parsed.servers.map((server) => [server.name, server.transport]), [
    ['git', 'stdio'],
    ['docs', 'http'],
    ['events', 'sse'],
  ]);
  const git = parsed.server('git');
  assert.equal(git.command?.value, 'uvx');
  assert.deepEqual(git.args.map((arg) => arg.value), ['mcp-server-git', '--repository', '.']);
  assert.equal(git.env['GITHUB_TOKEN']?.value, '${GITHUB_TOKEN}');
  assert.equal(lineOf(git.command?.range), 10);
  assert.equal(slice(parsed.text, parsed.server('docs').url?.range), '"https://docs.example.com/mcp"');
  assert.deepEqual(git.jsonPath, ['mcpServers', 'git']);
  assert.equal(qwenCodeAdapter.envReference?.('TOKEN'), '${TOKEN}');
  assert.equal(qwenCodeAdapter.disableKey, undefined, 'Qwen turns servers off with the mcp.excluded list, not a flag on the entry');
});

test('qwen-code .mcp.json (Claude Code’s form): type stdio, url with type http is streamable HTTP, a bare url is SSE', () => {
  const parsed = parse(qwenCodeAdapter, { fixture: 'qwen-project-mcp.json' }, { path: '/w/.mcp.json', format: 'jsonc', scope: 'workspace', folder: '/w' });
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parsed.servers.map((server) => [server.name, server.transport, server.scope, server.folder]), [
    ['filesystem', 'stdio', 'workspace', '/w'],
    ['tickets', 'http', 'workspace', '/w'],
    ['feed', 'sse', 'workspace', '/w'],
  ]);
  assert.match(parsed.server('filesystem').id, /^qwen-code:workspace:\/w\/\.mcp\.json:filesystem$/);
});

test('qwen-code locations: ~/.qwen or $QWEN_HOME, each folder’s .qwen/settings.json and .mcp.json, the system settings and defaults', async () => {
  assert.deepEqual(await paths(qwenCodeAdapter, linux, ['/w']), [
    '/home/dev/.qwen/settings.json',
    '/w/.qwen/settings.json',
    '/w/.mcp.json',
    '/etc/qwen-code/settings.json',
    '/etc/qwen-code/system-defaults.json',
  ]);
  assert.deepEqual(await paths(qwenCodeAdapter, { ...linux, env: { QWEN_HOME: '/q', QWEN_CODE_SYSTEM_SETTINGS_PATH: '/opt/q/admin.json' } }), [
    '/q/settings.json',
    '/opt/q/admin.json',
    '/opt/q/system-defaults.json',
  ]);
  assert.deepEqual(await paths(qwenCodeAdapter, { ...linux, env: { QWEN_HOME: 'relative/ignored', QWEN_CODE_SYSTEM_DEFAULTS_PATH: '/d.json' } }), [
    '/home/dev/.qwen/settings.json',
    '/etc/qwen-code/settings.json',
    '/d.json',
  ]);
  assert.deepEqual(await paths(qwenCodeAdapter, mac), ['/Users/dev/.qwen/settings.json', '/Library/Application Support/QwenCode/settings.json', '/Library/Application Support/QwenCode/system-defaults.json']);
  assert.deepEqual(await paths(qwenCodeAdapter, windows, ['D:\\w']), [
    'C:\\Users\\dev\\.qwen\\settings.json',
    'D:\\w\\.qwen\\settings.json',
    'D:\\w\\.mcp.json',
    'C:\\ProgramData\\qwen-code\\settings.json',
    'C:\\ProgramData\\qwen-code\\system-defaults.json',
  ]);
  const locations = await qwenCodeAdapter.locations({ host: linux, folders: ['/w'], fs: fakeFs() });
  assert.deepEqual(locations.map((location) => location.scope), ['user', 'workspace', 'workspace', 'managed', 'managed']);
});

test('copilot-cli reads a folder’s .mcp.json, or .github/mcp.json when there is none', async () => {
  assert.deepEqual(await paths(copilotCliAdapter, linux, ['/w'], fakeFs({ files: { '/w/.mcp.json': '{}' } })), ['/home/dev/.copilot/mcp-config.json', '/w/.mcp.json']);
  assert.deepEqual(await paths(copilotCliAdapter, linux, ['/w']), ['/home/dev/.copilot/mcp-config.json', '/w/.github/mcp.json']);
});

test('qwen-code settings.json: protect rewrites only the stdio launch, keeps comments, and unprotect gives the bytes back', async () => {
  const { root, stateDir } = await sandbox();
  const placed = await place(root, qwenCodeAdapter, 'w/.qwen/settings.json', 'jsonc', { fixture: 'qwen-settings.json' }, { scope: 'workspace', folder: `${root}/w` });
  const original = await readFile(placed.file);
  const servers = await placed.servers();

  const report = await protectServers(servers, { stateDir, proxy });
  assert.deepEqual(report.files[0]?.servers.map((server) => [server.name, server.status]), [
    ['git', 'protected'],
    ['docs', 'not-protectable'],
    ['events', 'not-protectable'],
  ]);
  assert.deepEqual(report.files[0]?.nextSteps.map((step) => [step.client, step.step.reapproval]), [['qwen-code', true]]);
  const text = await readFile(placed.file, 'utf8');
  assert.match(text, /\/\/ Qwen Code writes "\$version"/);
  const git = (await placed.servers()).find((server) => server.name === 'git');
  assert.ok(git && protectionOf(git).protected);
  assert.equal(git.env['GITHUB_TOKEN']?.value, '${GITHUB_TOKEN}');

  await unprotectServers(await placed.servers(), { stateDir });
  assert.deepEqual(await readFile(placed.file), original);
});
