import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clineAdapter } from '../../../src/core/clients/cline.js';
import { copilotCliAdapter } from '../../../src/core/clients/copilot-cli.js';
import { cursorAdapter } from '../../../src/core/clients/cursor.js';
import { geminiCliAdapter } from '../../../src/core/clients/gemini-cli.js';
import { kiroAdapter } from '../../../src/core/clients/kiro.js';
import { rooAdapter } from '../../../src/core/clients/roo.js';
import { windsurfAdapter } from '../../../src/core/clients/windsurf.js';
import { lineOf, linux, mac, parse, paths, slice, windows } from './helpers.js';

test('cursor: user and workspace mcp.json, ${env:VAR} references, url means a remote server', async () => {
  const parsed = parse(cursorAdapter, { fixture: 'cursor-mcp.json' }, { path: '/home/dev/.cursor/mcp.json', format: 'json' });
  assert.deepEqual(parsed.problems, []);
  assert.equal(parsed.server('web-search').env['BRAVE_API_KEY']?.value, '${env:BRAVE_API_KEY}');
  assert.equal(parsed.server('linear').transport, 'http');
  assert.equal(slice(parsed.text, parsed.server('linear').url?.range), '"https://mcp.linear.app/sse"');
  assert.equal(cursorAdapter.envReference?.('X'), '${env:X}');
  assert.deepEqual(await paths(cursorAdapter, linux, ['/w']), ['/home/dev/.cursor/mcp.json', '/w/.cursor/mcp.json']);
  assert.deepEqual(await paths(cursorAdapter, windows), ['C:\\Users\\dev\\.cursor\\mcp.json']);
});

test('windsurf: serverUrl is the remote URL and disabled: true turns a server off', async () => {
  const parsed = parse(windsurfAdapter, { fixture: 'windsurf-mcp_config.json' }, { path: '/home/dev/.codeium/windsurf/mcp_config.json', format: 'json' });
  assert.deepEqual(parsed.problems, []);
  const figma = parsed.server('figma');
  assert.equal(figma.transport, 'http');
  assert.equal(figma.url?.value, 'https://mcp.figma.example/mcp');
  assert.equal(lineOf(figma.url?.range), 11);
  assert.equal(figma.disabled, true);
  assert.equal(parsed.server('google-maps').disabled, false);
  assert.deepEqual(windsurfAdapter.disableKey, { key: 'disabled', value: true });
  assert.deepEqual(await paths(windsurfAdapter, mac), ['/Users/dev/.codeium/windsurf/mcp_config.json']);
});

test('cline: disabled, streamableHttp, the older transportType, and a bare url as SSE', async () => {
  const parsed = parse(clineAdapter, { fixture: 'cline_mcp_settings.json' }, { path: '/c/cline_mcp_settings.json', format: 'json' });
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parsed.servers.map((server) => [server.name, server.transport, server.disabled]), [
    ['weather', 'stdio', false],
    ['remote-sse', 'sse', true],
    ['remote-http', 'http', false],
    ['old-style', 'sse', false],
  ]);
  assert.equal(parsed.server('weather').args[0]?.value, '/Users/me/Documents/Cline/MCP/weather-server/build/index.js');
  const linuxPaths = await paths(clineAdapter, linux);
  assert.ok(linuxPaths.includes('/home/dev/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json'));
  assert.ok(linuxPaths.includes('/home/dev/.cline/data/settings/cline_mcp_settings.json'));
  const winPaths = await paths(clineAdapter, windows);
  assert.ok(winPaths.includes('C:\\Users\\dev\\AppData\\Roaming\\Code\\User\\globalStorage\\saoudrizwan.claude-dev\\settings\\cline_mcp_settings.json'));
  const locations = await clineAdapter.locations({ host: mac, folders: [], fs: { stat: async () => ({ kind: 'file', size: 0, mtimeMs: 0 }), readFile: async () => new Uint8Array(), readdir: async () => [] } });
  assert.ok(locations.some((location) => location.label === 'Cline in VS Code Insiders' && location.path.includes('/Library/Application Support/Code - Insiders/')));
});

test('roo: workspace .roo/mcp.json with cwd, streamable-http and disabled', async () => {
  const parsed = parse(rooAdapter, { fixture: 'roo-mcp.json' }, { path: '/w/.roo/mcp.json', format: 'json', scope: 'workspace', folder: '/w' });
  assert.deepEqual(parsed.problems, []);
  const local = parsed.server('local-server');
  assert.equal(local.cwd?.value, '/path/to/project/root');
  assert.equal(slice(parsed.text, local.cwd?.range), '"/path/to/project/root"');
  assert.equal(parsed.server('modern-remote').transport, 'http');
  assert.equal(parsed.server('legacy-remote').transport, 'sse');
  assert.equal(parsed.server('legacy-remote').disabled, true);
  const linuxPaths = await paths(rooAdapter, linux, ['/w']);
  assert.ok(linuxPaths.includes('/home/dev/.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json'));
  assert.ok(linuxPaths.includes('/w/.roo/mcp.json'));
});

test('gemini-cli: httpUrl is streamable HTTP, url is SSE, cwd and headers kept', async () => {
  const parsed = parse(geminiCliAdapter, { fixture: 'gemini-settings.json' }, { path: '/home/dev/.gemini/settings.json', format: 'jsonc' });
  assert.deepEqual(parsed.problems, []);
  const python = parsed.server('pythonTools');
  assert.deepEqual(python.args.map((arg) => arg.value), ['-m', 'my_mcp_server', '--port', '8080']);
  assert.equal(python.cwd?.value, './mcp-servers/python');
  assert.deepEqual(Object.keys(python.env), ['DATABASE_URL', 'API_KEY']);
  assert.equal(parsed.server('httpServer').transport, 'http');
  assert.equal(parsed.server('httpServer').url?.value, 'http://localhost:3000/mcp');
  assert.equal(parsed.server('httpServer').headers['Authorization']?.value, 'Bearer your-api-token');
  assert.equal(parsed.server('sseServer').transport, 'sse');
  const typed = parse(geminiCliAdapter, { text: '{"mcpServers": {"a": {"url": "https://x/mcp", "type": "http"}}}' }, { path: '/s.json', format: 'jsonc' });
  assert.equal(typed.server('a').transport, 'http');
  assert.deepEqual(await paths(geminiCliAdapter, windows, ['D:\\w']), ['C:\\Users\\dev\\.gemini\\settings.json', 'D:\\w\\.gemini\\settings.json']);
});

test('kiro: user and workspace settings/mcp.json with disabled servers', async () => {
  const parsed = parse(kiroAdapter, { fixture: 'kiro-mcp.json' }, { path: '/w/.kiro/settings/mcp.json', format: 'json', scope: 'workspace' });
  assert.deepEqual(parsed.servers.map((server) => [server.name, server.disabled]), [
    ['fetch', false],
    ['aws-docs', true],
  ]);
  assert.equal(parsed.server('aws-docs').env['FASTMCP_LOG_LEVEL']?.value, 'ERROR');
  assert.deepEqual(await paths(kiroAdapter, linux, ['/w']), ['/home/dev/.kiro/settings/mcp.json', '/w/.kiro/settings/mcp.json']);
});

test('copilot-cli: type local is stdio, http with headers; ~/.copilot, COPILOT_HOME and XDG_CONFIG_HOME', async () => {
  const parsed = parse(copilotCliAdapter, { fixture: 'copilot-mcp-config.json' }, { path: '/home/dev/.copilot/mcp-config.json', format: 'json' });
  assert.deepEqual(parsed.problems, []);
  assert.equal(parsed.server('playwright').transport, 'stdio');
  assert.equal(slice(parsed.text, parsed.server('playwright').args[0]?.range), '"@playwright/mcp@latest"');
  assert.equal(parsed.server('context7').transport, 'http');
  assert.equal(parsed.server('context7').headers['CONTEXT7_API_KEY']?.value, 'YOUR-API-KEY');
  assert.deepEqual(await paths(copilotCliAdapter, linux), ['/home/dev/.copilot/mcp-config.json']);
  assert.deepEqual(await paths(copilotCliAdapter, { ...linux, env: { XDG_CONFIG_HOME: '/xdg' } }), ['/home/dev/.copilot/mcp-config.json', '/xdg/.copilot/mcp-config.json']);
  assert.deepEqual(await paths(copilotCliAdapter, { ...linux, env: { COPILOT_HOME: '/ch' } }), ['/ch/mcp-config.json']);
  assert.deepEqual(await paths(copilotCliAdapter, windows), ['C:\\Users\\dev\\.copilot\\mcp-config.json']);
});
