// Safety of the write path: a file changed between read and write is left alone, dry runs write
// nothing, modes and symbolic links are kept, backups exist, and unprotect copes with entries the
// user edited after protecting them.
import assert from 'node:assert/strict';
import { chmod, lstat, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { codexAdapter } from '../../../src/core/clients/codex.js';
import { cursorAdapter } from '../../../src/core/clients/cursor.js';
import { gooseAdapter } from '../../../src/core/clients/goose.js';
import { opencodeAdapter } from '../../../src/core/clients/opencode.js';
import { protectionOf } from '../../../src/core/protect/detect.js';
import { protectionFindings } from '../../../src/core/protect/findings.js';
import { protectServers, unprotectServers } from '../../../src/core/protect/protect.js';
import { loadRecord, recordPath } from '../../../src/core/protect/record.js';
import { launchOf, place, proxy, sandbox } from './helpers.js';

const CURSOR = '{\n  "mcpServers": {\n    "github": {\n      "command": "npx",\n      "args": ["-y", "@modelcontextprotocol/server-github"]\n    },\n    "other": { "command": "uvx", "args": ["x"] }\n  }\n}\n';

test('a file changed on disk between read and write is refused: nothing written, no record, no temp file', async () => {
  const { root, stateDir } = await sandbox();
  const placed = await place(root, cursorAdapter, '.cursor/mcp.json', 'json', { text: CURSOR });
  const before = await placed.read();
  const theirs = CURSOR.replace('"x"', '"y"');
  const report = await protectServers(before.source.servers, {
    stateDir,
    proxy,
    sources: [before.source],
    hooks: { beforeCommit: async (file) => writeFile(file, theirs) },
  });
  const file = report.files[0]!;
  assert.equal(file.status, 'refused');
  assert.match(file.message ?? '', /changed on disk since Warden read it; nothing was written/);
  assert.ok(file.servers.every((server) => server.status === 'failed'));
  assert.equal(await readFile(placed.file, 'utf8'), theirs, 'the other writer’s content is kept');
  assert.equal(await loadRecord(stateDir, placed.file), undefined, 'no record of a protection that did not happen');
  assert.deepEqual((await readdir(join(root, '.cursor'))).sort(), ['mcp.json'], 'the temporary file is gone');

  // Run again: works on the new content.
  const retry = await protectServers(await placed.servers(), { stateDir, proxy });
  assert.equal(retry.files[0]?.status, 'written');
  const undo = await unprotectServers(await placed.servers(), { stateDir });
  assert.equal(undo.files[0]?.status, 'written');
  assert.equal(await readFile(placed.file, 'utf8'), theirs);
});

test('another process replacing the file while protect runs wins: Warden does not overwrite it', async () => {
  const { root, stateDir } = await sandbox();
  const placed = await place(root, cursorAdapter, '.cursor/mcp.json', 'json', { text: CURSOR });
  const servers = await placed.servers();
  const theirs = `${CURSOR}\n`;
  // A separate process saves the file the way editors do (temp file + rename), between Warden's read and its rename.
  const script = `const fs=require('fs');fs.writeFileSync(process.argv[1]+'.editor',process.argv[2]);fs.renameSync(process.argv[1]+'.editor',process.argv[1]);`;
  const editor = () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', script, placed.file, theirs], { stdio: 'ignore' });
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`editor exited ${code}`))));
    });
  const report = await protectServers(servers, { stateDir, proxy, hooks: { beforeCommit: editor } });
  assert.equal(report.files[0]?.status, 'refused');
  assert.equal(await readFile(placed.file, 'utf8'), theirs);
});

test('--dry-run writes nothing and returns the exact edits as a unified diff', async () => {
  const { root, stateDir } = await sandbox();
  const placed = await place(root, cursorAdapter, '.cursor/mcp.json', 'json', { text: CURSOR });
  const servers = await placed.servers();
  const report = await protectServers(servers, { stateDir, proxy, dryRun: true });
  const file = report.files[0]!;
  assert.equal(file.status, 'dry-run');
  assert.equal(await readFile(placed.file, 'utf8'), CURSOR);
  await assert.rejects(stat(stateDir), 'not even the state directory is created');
  assert.match(file.diff, /^--- a\/.*mcp\.json\n\+\+\+ b\/.*mcp\.json\n@@ -1,9 \+1,9 @@\n/);
  assert.match(file.diff, /\n-      "command": "npx",\n-      "args": \["-y", "@modelcontextprotocol\/server-github"\]\n\+      "command": "node",\n/);
  assert.match(file.diff, /\n-    "other": \{ "command": "uvx", "args": \["x"\] \}\n\+    "other": \{ "command": "node", "args": \["\/opt\/warden\/bin\/warden-proxy\.cjs", /);
});

test('the file keeps its mode, a symbolic link stays a link, and a 0600 backup is taken once', async () => {
  const { root, stateDir } = await sandbox();
  const placed = await place(root, codexAdapter, 'dotfiles/config.toml', 'toml', { text: '[mcp_servers.a]\ncommand = "a"\n\n[mcp_servers.b]\ncommand = "b"\n' });
  await chmod(placed.file, 0o640);
  const link = join(root, '.codex', 'config.toml');
  await (await import('node:fs/promises')).mkdir(join(root, '.codex'));
  await symlink(placed.file, link);
  const original = await readFile(placed.file);
  const viaLink = { ...placed.location, path: link };
  const servers = codexAdapter.parse(original.toString('utf8'), viaLink).servers;
  const [first, second] = servers;
  const one = await protectServers([first!], { stateDir, proxy });
  assert.equal(one.files[0]?.status, 'written');
  assert.ok((await lstat(link)).isSymbolicLink());
  assert.equal(await readlink(link), placed.file);
  assert.equal((await stat(placed.file)).mode & 0o777, 0o640);
  const backup = one.files[0]!.backup!;
  assert.deepEqual(await readFile(backup), original);
  assert.equal((await stat(backup)).mode & 0o777, 0o600);
  assert.ok(backup.startsWith(join(stateDir, 'backups')));
  const two = await protectServers([second!], { stateDir, proxy });
  assert.equal(two.files[0]?.backup, backup, 'the backup is of the file before Warden’s first write');
  assert.equal((await readdir(join(stateDir, 'backups'))).length, 1);
  assert.equal((await stat(recordPath(stateDir, link))).mode & 0o777, 0o600);
  const parsed = codexAdapter.parse(await readFile(link, 'utf8'), viaLink).servers;
  assert.ok(parsed.every((server) => protectionOf(server).protected));
  await unprotectServers(parsed, { stateDir });
  assert.deepEqual(await readFile(placed.file), original);
  assert.equal((await stat(placed.file)).mode & 0o777, 0o640);
});

test('unprotect after the user edited the protected entry rebuilds the launch from the args after "--" and says so', async () => {
  const { root, stateDir } = await sandbox();
  const placed = await place(root, cursorAdapter, '.cursor/mcp.json', 'json', { text: CURSOR });
  await protectServers(await placed.servers(), { stateDir, proxy });
  // The user reformats what Warden wrote into github's args and adds an argument to the original command.
  const edited = (await readFile(placed.file, 'utf8'))
    .replace(/("github":[^}]*?)"--server", /s, '$1"--server",\n        ')
    .replace('"@modelcontextprotocol/server-github"]', '"@modelcontextprotocol/server-github", "--read-only"]');
  await writeFile(placed.file, edited);
  const report = await unprotectServers(await placed.servers(), { stateDir });
  const file = report.files[0]!;
  assert.equal(file.status, 'written', file.message);
  const github = file.servers.find((server) => server.name === 'github')!;
  const other = file.servers.find((server) => server.name === 'other')!;
  assert.equal(other.status, 'unprotected');
  assert.equal(github.status, 'rebuilt');
  assert.match(github.message, /edited after Warden protected it: command and args were rebuilt from the arguments after "--"/);
  const servers = await placed.servers();
  assert.deepEqual(launchOf(servers.find((server) => server.name === 'github')!), { transport: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-github', '--read-only'] });
  assert.match(await readFile(placed.file, 'utf8'), /"other": \{ "command": "uvx", "args": \["x"\] \}/, 'the untouched entry is restored exactly');
  assert.equal(await loadRecord(stateDir, placed.file), undefined);
});

test('rebuild works for YAML block lists, command lists (opencode) and an entry whose original had no args', async () => {
  for (const [adapter, at, format, text] of [
    [gooseAdapter, 'goose/config.yaml', 'yaml', 'extensions:\n  g:\n    cmd: npx\n    args:\n    - -y\n    - pkg\n    type: stdio\n  solo:\n    cmd: solo\n    args:\n    - only\n    type: stdio\n'],
    [opencodeAdapter, 'opencode/opencode.json', 'jsonc', '{\n  "mcp": {\n    "o": { "type": "local", "command": ["bun", "x", "cmd"] }\n  }\n}\n'],
    [cursorAdapter, '.cursor/mcp.json', 'json', '{ "mcpServers": { "n": { "command": "noargs" } } }'],
  ] as const) {
    const { root, stateDir } = await sandbox();
    const placed = await place(root, adapter, at, format, { text });
    const original = await placed.servers();
    await protectServers(original, { stateDir, proxy });
    // Simulate "no record": the launch is recognised, and rebuilt from what follows "--".
    await (await import('node:fs/promises')).rm(recordPath(stateDir, placed.file));
    const report = await unprotectServers(await placed.servers(), { stateDir });
    assert.ok(report.files[0]!.servers.every((server) => server.status === 'rebuilt'), JSON.stringify(report.files[0]));
    const now = await placed.servers();
    for (const server of original) assert.deepEqual(launchOf(now.find((candidate) => candidate.id === server.id)!), launchOf(server), `${adapter.id}: ${await readFile(placed.file, 'utf8')}`);
  }
});

test('unprotect of a file Warden never touched, or of an entry that is not protected, is a no-op with a message', async () => {
  const { root, stateDir } = await sandbox();
  const placed = await place(root, cursorAdapter, '.cursor/mcp.json', 'json', { text: CURSOR });
  const report = await unprotectServers(await placed.servers(), { stateDir });
  assert.equal(report.files[0]?.status, 'unchanged');
  assert.ok(report.files[0]!.servers.every((server) => server.status === 'not-protected' && /not protected; nothing to do/.test(server.message)));
  assert.equal(await readFile(placed.file, 'utf8'), CURSOR);
});

test('a protected entry whose rewrite was removed is flagged as protection-removed, and unprotect forgets it', async () => {
  const { root, stateDir } = await sandbox();
  const placed = await place(root, cursorAdapter, '.cursor/mcp.json', 'json', { text: CURSOR });
  await protectServers(await placed.servers(), { stateDir, proxy });
  assert.deepEqual(await protectionFindings(stateDir, await placed.servers()), []);
  // Another tool writes the original config back.
  await writeFile(placed.file, CURSOR);
  const servers = await placed.servers();
  const findings = await protectionFindings(stateDir, servers);
  assert.equal(findings.length, 2);
  assert.equal(findings[0]?.ruleId, 'protection-removed');
  assert.equal(findings[0]?.severity, 'warning');
  assert.equal(findings[0]?.serverId, servers[0]?.id);
  assert.equal(findings[0]?.range?.start.line, 3, 'points at the command');
  const report = await unprotectServers(servers, { stateDir });
  assert.match(report.files[0]!.servers[0]!.message, /rewrite had been removed/);
  assert.equal(await loadRecord(stateDir, placed.file), undefined);
  assert.deepEqual(await protectionFindings(stateDir, servers), []);
  assert.equal(await readFile(placed.file, 'utf8'), CURSOR);
});

test('remote servers are reported as not protectable yet and left untouched', async () => {
  const { root, stateDir } = await sandbox();
  const text = '{ "mcpServers": { "r": { "url": "https://example.com/mcp" } } }\n';
  const placed = await place(root, cursorAdapter, '.cursor/mcp.json', 'json', { text });
  const report = await protectServers(await placed.servers(), { stateDir, proxy });
  assert.equal(report.files[0]?.status, 'unchanged');
  assert.equal(report.files[0]?.servers[0]?.status, 'not-protectable');
  assert.match(report.files[0]!.servers[0]!.message, /not protectable yet \(remote\).*OAuth/);
  assert.equal(await readFile(placed.file, 'utf8'), text);
});

test('an entry in a layout that cannot be edited safely is refused and nothing is written', async () => {
  const { root, stateDir } = await sandbox();
  // A YAML args key with no value: its position cannot be told apart from the key's.
  const text = 'extensions:\n  g:\n    cmd: npx\n    args:\n    type: stdio\n';
  const placed = await place(root, gooseAdapter, 'goose/config.yaml', 'yaml', { text });
  const report = await protectServers(await placed.servers(), { stateDir, proxy });
  assert.equal(report.files[0]?.status, 'unchanged');
  assert.equal(report.files[0]?.servers[0]?.status, 'failed');
  assert.match(report.files[0]!.servers[0]!.message, /^refused: /);
  assert.equal(await readFile(placed.file, 'utf8'), text);
});

test('a non-default state directory is passed to the proxy with --state-dir, and the protected launch is recognised', async () => {
  const { root, stateDir } = await sandbox();
  const placed = await place(root, cursorAdapter, '.cursor/mcp.json', 'json', { text: CURSOR });
  await protectServers(await placed.servers(), { stateDir, proxy: { ...proxy, stateDir } });
  const [server] = await placed.servers();
  const protection = protectionOf(server!);
  assert.equal(protection.stateDir, stateDir);
  assert.deepEqual(protection.original, { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'] });
});

test('a file with a syntax error is not edited', async () => {
  const { root, stateDir } = await sandbox();
  const text = '{ "mcpServers": { "a": { "command": "x" } }, }}\n';
  const placed = await place(root, cursorAdapter, '.cursor/mcp.json', 'json', { text });
  const report = await protectServers(await placed.servers(), { stateDir, proxy });
  assert.equal(report.files[0]?.status, 'unchanged');
  assert.match(report.files[0]!.servers[0]!.message, /refused: the file has a syntax error .* at line 1\); fix it first/);
  assert.equal(await readFile(placed.file, 'utf8'), text);
});

test('one entry that cannot be edited does not stop the others in the same file', async () => {
  const { root, stateDir } = await sandbox();
  const text = 'extensions:\n  bad:\n    cmd: npx\n    args:\n    type: stdio\n  good:\n    cmd: uvx\n    args: [x]\n    type: stdio\n';
  const placed = await place(root, gooseAdapter, 'goose/config.yaml', 'yaml', { text });
  const report = await protectServers(await placed.servers(), { stateDir, proxy });
  const file = report.files[0]!;
  assert.equal(file.status, 'written');
  assert.deepEqual(file.servers.map((server) => [server.name, server.status]), [['bad', 'failed'], ['good', 'protected']]);
  const servers = await placed.servers();
  assert.equal(protectionOf(servers.find((server) => server.name === 'good')!).protected, true);
  assert.equal(protectionOf(servers.find((server) => server.name === 'bad')!).protected, false);
  await unprotectServers(servers, { stateDir });
  assert.equal(await readFile(placed.file, 'utf8'), text);
});

test('records of entries the user deleted from the file are dropped on the next run', async () => {
  const { root, stateDir } = await sandbox();
  const placed = await place(root, cursorAdapter, '.cursor/mcp.json', 'json', { text: CURSOR });
  await protectServers(await placed.servers(), { stateDir, proxy });
  const protectedText = await readFile(placed.file, 'utf8');
  await writeFile(placed.file, protectedText.replace(/,\n    "other": .*\n/, '\n'));
  const remaining = await placed.servers();
  assert.deepEqual(remaining.map((server) => server.name), ['github']);
  await unprotectServers(remaining, { stateDir });
  assert.equal(await loadRecord(stateDir, placed.file), undefined);
});
