import assert from 'node:assert/strict';
import { mkdir, mkdtemp, open, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { adapterFor } from '../../../src/core/clients/index.js';
import { discover } from '../../../src/core/discovery.js';
import type { FileSystem } from '../../../src/core/fs/file-system.js';
import { nodeFileSystem } from '../../../src/core/fs/node-file-system.js';
import type { ConfigLocation, HostInfo } from '../../../src/core/model.js';
import { MAX_CONFIG_BYTES, readConfig } from '../../../src/core/read-config.js';

const vscode = adapterFor('vscode')!;

async function workspace(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'warden-read-'));
  await mkdir(path.join(folder, '.vscode'));
  return folder;
}

function location(folder: string): ConfigLocation {
  return { client: 'vscode', scope: 'workspace', path: path.join(folder, '.vscode', 'mcp.json'), format: 'jsonc', folder };
}

test('a missing file is not a problem: most clients are not installed', async () => {
  const source = await readConfig(location(await workspace()), vscode, nodeFileSystem);
  assert.equal(source.exists, false);
  assert.deepEqual(source.problems, []);
});

test('a directory where the file should be is reported with its path', async () => {
  const folder = await workspace();
  await mkdir(path.join(folder, '.vscode', 'mcp.json'));
  const source = await readConfig(location(folder), vscode, nodeFileSystem);
  assert.equal(source.problems[0]?.ruleId, 'config-unreadable');
  assert.match(source.problems[0]!.message, /mcp\.json: it is a directory/);
});

test('a symbolic link loop is reported, not followed forever', async () => {
  const folder = await workspace();
  const file = path.join(folder, '.vscode', 'mcp.json');
  await symlink(file, file);
  const source = await readConfig(location(folder), vscode, nodeFileSystem);
  assert.match(source.problems[0]!.message, /symbolic link loop/);
});

test('a 50 MB file is refused by size without being read', async () => {
  const folder = await workspace();
  const handle = await open(path.join(folder, '.vscode', 'mcp.json'), 'w');
  await handle.truncate(50 * 1024 * 1024);
  await handle.close();
  let reads = 0;
  const counting: FileSystem = { ...nodeFileSystem, readFile: async (file) => (reads++, nodeFileSystem.readFile(file)) };
  const source = await readConfig(location(folder), vscode, counting);
  assert.equal(reads, 0);
  assert.match(source.problems[0]!.message, /50\.0 MB, larger than the 10 MB/);
  assert.ok(MAX_CONFIG_BYTES < 50 * 1024 * 1024);
});

test('permission denied is reported as such', async () => {
  // Tests run as root here, where chmod cannot deny a read: this stands in for the kernel's answer.
  const denying: FileSystem = {
    ...nodeFileSystem,
    stat: async () => ({ kind: 'file', size: 10, mtimeMs: 0 }),
    readFile: async () => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    },
  };
  const source = await readConfig(location('/somewhere'), vscode, denying);
  assert.match(source.problems[0]!.message, /somewhere\/\.vscode\/mcp\.json: permission denied/);
});

test('bytes that are not UTF-8 are reported at their line, and the servers are still read', async () => {
  const folder = await workspace();
  const text = Buffer.concat([Buffer.from('{\n  "servers": {\n    "a": { "command": "node", "args": ["'), Buffer.from([0xff, 0xfe]), Buffer.from('"] }\n  }\n}\n')]);
  await writeFile(path.join(folder, '.vscode', 'mcp.json'), text);
  const source = await readConfig(location(folder), vscode, nodeFileSystem);
  assert.equal(source.servers[0]?.name, 'a');
  const problem = source.problems.find((finding) => finding.message.includes('not valid UTF-8'));
  assert.equal(problem?.range?.start.line, 2);
});

test('malformed JSON gives a syntax finding with a position, and what parses is kept', async () => {
  const folder = await workspace();
  await writeFile(path.join(folder, '.vscode', 'mcp.json'), '{\n  "servers": {\n    "ok": { "command": "node" },\n    "broken": { "command": }\n  }\n}\n');
  const source = await readConfig(location(folder), vscode, nodeFileSystem);
  const syntax = source.problems.find((finding) => finding.ruleId === 'config-syntax');
  assert.equal(syntax?.range?.start.line, 3);
  assert.ok(source.servers.some((server) => server.name === 'ok'));
});

test('one unreadable file does not hide the others', async () => {
  const home = await mkdtemp(path.join(tmpdir(), 'warden-home-'));
  const folder = await workspace();
  await writeFile(path.join(folder, '.vscode', 'mcp.json'), '{"servers": {"fine": {"command": "node", "args": ["x.js"]}}}');
  await mkdir(path.join(home, '.cursor'), { recursive: true });
  await writeFile(path.join(home, '.cursor', 'mcp.json'), '{"mcpServers": [');
  await mkdir(path.join(home, '.gemini', 'settings.json'), { recursive: true });
  const host: HostInfo = { platform: 'linux', homedir: home, env: {} };
  const { sources } = await discover({ host, fs: nodeFileSystem, folders: [folder] });
  const problems = sources.flatMap((source) => source.problems);
  assert.ok(problems.some((finding) => finding.file.endsWith(path.join('.cursor', 'mcp.json')) && finding.ruleId === 'config-syntax'));
  assert.ok(problems.some((finding) => finding.file.endsWith(path.join('.gemini', 'settings.json')) && /directory/.test(finding.message)));
  assert.deepEqual(sources.flatMap((source) => source.servers).map((server) => server.name), ['fine']);
});
