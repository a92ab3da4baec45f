import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packageOf } from '../../../src/core/policy/package-ref.js';
import { vscodeServers } from '../core/parse-vscode.js';

function packageIn(command: string, args: string[]) {
  const [server] = vscodeServers(JSON.stringify({ servers: { s: { command, args } } }));
  assert.ok(server);
  return packageOf(server);
}

test('npx names the package after its options, with scope and version split', () => {
  const reference = packageIn('npx', ['-y', '@modelcontextprotocol/server-github@1.2.3', '--flag']);
  assert.deepEqual({ ecosystem: reference?.ecosystem, name: reference?.name, version: reference?.version }, { ecosystem: 'npm', name: '@modelcontextprotocol/server-github', version: '1.2.3' });
});

test('npx --package and pnpm dlx are understood', () => {
  assert.equal(packageIn('npx', ['--package', 'mcp-thing@2.0.0', 'mcp-thing'])?.name, 'mcp-thing');
  assert.equal(packageIn('pnpm', ['dlx', 'mcp-thing'])?.name, 'mcp-thing');
});

test('uvx, pipx run and uvx --from give the PyPI package and pin', () => {
  const fetch = packageIn('uvx', ['mcp-server-fetch==0.6.2']);
  assert.deepEqual({ name: fetch?.name, version: fetch?.version }, { name: 'mcp-server-fetch', version: '0.6.2' });
  assert.equal(packageIn('pipx', ['run', 'mcp-server-time'])?.version, undefined);
  assert.equal(packageIn('uvx', ['--from', 'mcp-server-git==1.0', 'mcp-server-git'])?.version, '1.0');
});

test('docker run names the image after the run options, with tag or digest', () => {
  const tagged = packageIn('docker', ['run', '-i', '--rm', '-e', 'TOKEN', 'ghcr.io/github/github-mcp-server:v1']);
  assert.deepEqual({ name: tagged?.name, version: tagged?.version }, { name: 'ghcr.io/github/github-mcp-server', version: 'v1' });
  const digested = packageIn('docker', ['run', 'mcp/fetch@sha256:' + 'a'.repeat(64)]);
  assert.equal(digested?.version, 'sha256:' + 'a'.repeat(64));
  assert.equal(packageIn('docker', ['run', 'localhost:5000/mcp'])?.name, 'localhost:5000/mcp');
});

test('a plain command has no package', () => {
  assert.equal(packageIn('node', ['server.js']), undefined);
});
