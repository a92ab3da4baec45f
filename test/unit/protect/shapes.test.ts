// Layouts beyond the clients' fixtures: missing, empty and null args, one-line entries, comments in
// lists, TOML inline tables and dotted keys, YAML flow collections and wide list indentation; CRLF
// and BOM files.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import type { ClientAdapter } from '../../../src/core/clients/adapter.js';
import { codexAdapter } from '../../../src/core/clients/codex.js';
import { cursorAdapter } from '../../../src/core/clients/cursor.js';
import { gooseAdapter } from '../../../src/core/clients/goose.js';
import type { ConfigFormat } from '../../../src/core/model.js';
import { protectionOf, proxyLaunch } from '../../../src/core/protect/detect.js';
import { protectServers, unprotectServers } from '../../../src/core/protect/protect.js';
import { launchOf, place, protectFixtures, proxy, sandbox } from './helpers.js';

async function roundTrip(adapter: ClientAdapter, at: string, format: ConfigFormat, source: { fixture: string; dir?: string } | { text: string | Buffer }, stdio: number): Promise<{ protectedText: string; originalBytes: Buffer }> {
  const { root, stateDir } = await sandbox();
  const placed = await place(root, adapter, at, format, source);
  const before = await placed.read();
  assert.deepEqual(before.source.problems, [], 'the input parses cleanly');
  const report = await protectServers(before.source.servers, { stateDir, proxy, sources: [before.source] });
  const file = report.files[0]!;
  assert.equal(file.status, 'written', file.message);
  const protectedCount = file.servers.filter((server) => server.status === 'protected').length;
  assert.equal(protectedCount, stdio, JSON.stringify(file.servers, null, 2));
  const after = await placed.read();
  assert.deepEqual(after.source.problems, [], `the result parses cleanly:\n${after.text}`);
  for (const server of before.source.servers.filter((candidate) => candidate.transport === 'stdio')) {
    const now = after.source.servers.find((candidate) => candidate.id === server.id)!;
    const original = { command: server.command!.value, args: server.args.map((arg) => arg.value) };
    assert.deepEqual(launchOf(now), { transport: 'stdio', ...proxyLaunch(original, server.id, proxy) }, `${server.name}:\n${after.text}`);
  }
  const undo = await unprotectServers(after.source.servers, { stateDir, sources: [after.source] });
  assert.equal(undo.files[0]?.status, 'written', undo.files[0]?.message);
  assert.deepEqual(await readFile(placed.file), before.bytes);
  return { protectedText: after.text, originalBytes: before.bytes };
}

test('JSONC: missing, empty and null args, one-line entries, comments inside lists, trailing commas', async () => {
  const { protectedText } = await roundTrip(cursorAdapter, '.cursor/mcp.json', 'jsonc', { fixture: 'shapes.jsonc', dir: protectFixtures }, 5);
  assert.match(protectedText, /"command": "node",\n {6}"args": \["\/opt\/warden\/bin\/warden-proxy\.cjs", "--server", "[^"]+", "--", "my-server"\] \/\/ trailing comment stays/);
  assert.match(protectedText, /\{ "command": "node", "args": \[[^\]]+"uvx"\], "env": \{ "A": "1" \} \}/);
  assert.match(protectedText, /\/\/ the package\n {8}"\/opt\/warden\/bin\/warden-proxy\.cjs", "--server", "[^"]+", "--", "npx", "-y", "pkg@1\.0\.0",\n/);
});

test('TOML: dotted keys, inline tables, literal strings, multi-line arrays with comments, empty arrays', async () => {
  const { protectedText } = await roundTrip(codexAdapter, '.codex/config.toml', 'toml', { fixture: 'shapes.toml', dir: protectFixtures }, 5);
  assert.match(protectedText, /^dotted\.command = "node"\ndotted\.args = \[/m);
  assert.match(protectedText, /inline-bare = \{ command = "node", args = \[/);
  assert.match(protectedText, /command = "node"   # literal string, comment kept/);
  assert.match(protectedText, /# package first\n {2}"\/opt\/warden\/bin\/warden-proxy\.cjs",\n {2}"--server",/);
});

test('YAML: comment after the command, flow lists and maps, wide list indentation', async () => {
  const { protectedText } = await roundTrip(gooseAdapter, 'goose/config.yaml', 'yaml', { fixture: 'shapes.yaml', dir: protectFixtures }, 5);
  assert.match(protectedText, /cmd: "node" # comment after the command\n {4}args: \[/);
  assert.match(protectedText, /flow-map-no-args: \{cmd: "node", args: \[[^\]]+"solo"\], type: stdio\}/);
  assert.match(protectedText, /args:\n {8}- {3}"\/opt\/warden\/bin\/warden-proxy\.cjs"\n {8}- {3}"--server"/);
});

test('CRLF stays CRLF and a BOM stays, in JSON, TOML and YAML', async () => {
  const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
  const cases: [ClientAdapter, string, ConfigFormat, string, number][] = [
    [cursorAdapter, '.cursor/mcp.json', 'jsonc', 'shapes.jsonc', 5],
    [codexAdapter, '.codex/config.toml', 'toml', 'shapes.toml', 5],
    [gooseAdapter, 'goose/config.yaml', 'yaml', 'shapes.yaml', 5],
  ];
  for (const [adapter, at, format, fixture, stdio] of cases) {
    const text = crlf(await readFile(`${protectFixtures}/${fixture}`, 'utf8'));
    for (const bom of [false, true]) {
      const bytes = Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text)]);
      const { protectedText } = await roundTrip(adapter, at, format, { text: bytes }, stdio);
      assert.doesNotMatch(protectedText, /[^\r]\n/, `${fixture}: no bare LF after protect`);
    }
  }
});

test('BOM is written back after protect', async () => {
  const { root, stateDir } = await sandbox();
  const text = '{ "mcpServers": { "a": { "command": "x" } } }\n';
  const placed = await place(root, cursorAdapter, '.cursor/mcp.json', 'json', { text: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]) });
  const before = await placed.read();
  await protectServers(before.source.servers, { stateDir, proxy, sources: [before.source] });
  const bytes = await readFile(placed.file);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(protectionOf((await placed.servers())[0]!).protected, true);
});

test('values with quotes, backslashes, unicode and control characters survive in every format', async () => {
  const tricky = ['C:\\Program Files\\srv "x".exe', 'tab\there', 'ünïcødé ✓', 'del\u007fchar', 'line\u2028sep'];
  const json = JSON.stringify({ mcpServers: { s: { command: tricky[0], args: tricky.slice(1) } } }, null, 2);
  await roundTrip(cursorAdapter, '.cursor/mcp.json', 'json', { text: json }, 1);
  const toml = `[mcp_servers.s]\ncommand = 'C:\\Program Files\\srv "x".exe'\nargs = ["tab\\there", "ünïcødé ✓", "del\\u007Fchar", "line\\u2028sep"]\n`;
  await roundTrip(codexAdapter, '.codex/config.toml', 'toml', { text: toml }, 1);
  const yaml = `extensions:\n  s:\n    cmd: 'C:\\Program Files\\srv "x".exe'\n    args: ["tab\\there", "ünïcødé ✓", "del\\x7fchar", "line\\u2028sep"]\n    type: stdio\n`;
  await roundTrip(gooseAdapter, 'goose/config.yaml', 'yaml', { text: yaml }, 1);
  const { root, stateDir } = await sandbox();
  const placed = await place(root, codexAdapter, '.codex/config.toml', 'toml', { text: '[mcp_servers.s]\ncommand = "x"\n' });
  const before = await placed.read();
  await protectServers(before.source.servers, { stateDir, proxy: { nodeCommand: 'C:\\node "24"\\node.exe', proxyPath: 'C:\\Users\\me\\.mcp-warden\\bin\\warden-proxy.cjs' }, sources: [before.source] });
  const [server] = await placed.servers();
  assert.equal(server?.command?.value, 'C:\\node "24"\\node.exe');
  assert.equal(protectionOf(server!).proxyPath, 'C:\\Users\\me\\.mcp-warden\\bin\\warden-proxy.cjs');
});

test('Zed nested command without args, Continue config.json transport block, opencode multi-line command list', async () => {
  const { zedAdapter } = await import('../../../src/core/clients/zed.js');
  const { continueAdapter } = await import('../../../src/core/clients/continue.js');
  const { opencodeAdapter } = await import('../../../src/core/clients/opencode.js');
  const zed = await roundTrip(zedAdapter, 'zed/settings.json', 'jsonc', { text: '{\n  "context_servers": {\n    "legacy": {\n      "command": {\n        "path": "/usr/bin/legacy", // the binary\n        "env": {}\n      }\n    }\n  }\n}\n' }, 1);
  assert.match(zed.protectedText, /"path": "node",\n {8}"args": \[[^\]]+"\/usr\/bin\/legacy"\], \/\/ the binary\n/);
  const cont = await roundTrip(continueAdapter, '.continue/config.json', 'jsonc', { text: '{"experimental": {"modelContextProtocolServers": [{"transport": {"type": "stdio", "command": "uvx"}}]}}' }, 1);
  assert.match(cont.protectedText, /"transport": \{"type": "stdio", "command": "node", "args": \[/);
  const open = await roundTrip(opencodeAdapter, 'opencode/opencode.json', 'jsonc', { text: '{\n  "mcp": {\n    "o": {\n      "type": "local",\n      "command": [\n        "bun",\n        "x"\n      ]\n    }\n  }\n}\n' }, 1);
  assert.match(open.protectedText, /"command": \[\n {8}"node",\n {8}"\/opt\/warden\/bin\/warden-proxy\.cjs",\n {8}"--server",\n {8}"[^"]+",\n {8}"--",\n {8}"bun",\n/);
});
