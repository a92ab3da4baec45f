import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { npmSpec, pythonSpec, imageSpec } from '../../../src/core/lint/packages.js';
import { unpinnedPackage } from '../../../src/core/lint/rules/unpinned-package.js';
import { assertOneAt, checkEntry } from '../helpers/lint.js';
import { entryFrom, serverEntry } from '../helpers/server-entry.js';
import { invocations } from '../../../src/core/lint/tokens.js';
import { check } from '../helpers/lint.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const DIGEST = `sha256:${'a'.repeat(64)}`;

/** [vulnerable, safe twin, text the finding must cover] */
const twins: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
  ['npx -y without version', { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] }, { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory@2025.8.4'] }, '"@modelcontextprotocol/server-memory"'],
  ['npx without -y', { command: 'npx', args: ['firecrawl-mcp'] }, { command: 'npx', args: ['firecrawl-mcp@1.12.0'] }, '"firecrawl-mcp"'],
  ['@latest tag', { command: 'npx', args: ['-y', '@playwright/mcp@latest'] }, { command: 'npx', args: ['-y', '@playwright/mcp@0.0.41'] }, '"@playwright/mcp@latest"'],
  ['caret range', { command: 'npx', args: ['-y', '@upstash/context7-mcp@^1.0.0'] }, { command: 'npx', args: ['-y', '@upstash/context7-mcp@1.0.0'] }, '"@upstash/context7-mcp@^1.0.0"'],
  ['tilde range', { command: 'npx', args: ['tavily-mcp@~0.2'] }, { command: 'npx', args: ['tavily-mcp@0.2.4'] }, '"tavily-mcp@~0.2"'],
  ['--package option', { command: 'npx', args: ['--package=@scope/tool', 'tool'] }, { command: 'npx', args: ['--package=@scope/tool@3.0.0-beta.2', 'tool'] }, '@scope/tool'],
  ['pnpm dlx', { command: 'pnpm', args: ['dlx', 'mcp-remote', 'https://x.example/mcp'] }, { command: 'pnpm', args: ['dlx', 'mcp-remote@0.1.29', 'https://x.example/mcp'] }, '"mcp-remote"'],
  ['bunx', { command: 'bunx', args: ['exa-mcp-server'] }, { command: 'bunx', args: ['exa-mcp-server@3.0.2'] }, '"exa-mcp-server"'],
  ['yarn dlx', { command: 'yarn', args: ['dlx', 'figma-developer-mcp', '--stdio'] }, { command: 'yarn', args: ['dlx', 'figma-developer-mcp@0.6.0', '--stdio'] }, '"figma-developer-mcp"'],
  ['npm exec', { command: 'npm', args: ['exec', '--', 'mcp-server-kubernetes'] }, { command: 'npm', args: ['exec', '--', 'mcp-server-kubernetes@2.5.0'] }, '"mcp-server-kubernetes"'],
  ['uvx bare', { command: 'uvx', args: ['mcp-server-fetch'] }, { command: 'uvx', args: ['mcp-server-fetch==2025.4.7'] }, '"mcp-server-fetch"'],
  ['uvx range', { command: 'uvx', args: ['mcp-server-git>=0.6'] }, { command: 'uvx', args: ['mcp-server-git==0.6.2'] }, '"mcp-server-git>=0.6"'],
  ['uvx --from', { command: 'uvx', args: ['--from', 'mcp-server-time', 'mcp-server-time', '--local-timezone=UTC'] }, { command: 'uvx', args: ['--from', 'mcp-server-time==1.2', 'mcp-server-time', '--local-timezone=UTC'] }, '"mcp-server-time"'],
  ['uvx @latest', { command: 'uvx', args: ['mcp-server-sqlite@latest'] }, { command: 'uvx', args: ['mcp-server-sqlite@0.6.2'] }, '"mcp-server-sqlite@latest"'],
  ['uv tool run', { command: 'uv', args: ['tool', 'run', 'markitdown-mcp'] }, { command: 'uv', args: ['tool', 'run', 'markitdown-mcp==0.0.1a4'] }, '"markitdown-mcp"'],
  ['pipx run', { command: 'pipx', args: ['run', 'mcp-obsidian'] }, { command: 'pipx', args: ['run', 'mcp-obsidian==0.2.1'] }, '"mcp-obsidian"'],
  ['pipx run --spec', { command: 'pipx', args: ['run', '--spec', 'mcp-atlassian', 'mcp-atlassian'] }, { command: 'pipx', args: ['run', '--spec', 'mcp-atlassian==0.11.9', 'mcp-atlassian'] }, '"mcp-atlassian"'],
  ['npm git+https branch', { command: 'npx', args: ['-y', 'git+https://github.com/acme/mcp.git#main'] }, { command: 'npx', args: ['-y', `git+https://github.com/acme/mcp.git#${SHA}`] }, '"git+https://github.com/acme/mcp.git#main"'],
  ['npm git+https without ref', { command: 'npx', args: ['github:acme/mcp'] }, { command: 'npx', args: [`github:acme/mcp#${SHA}`] }, '"github:acme/mcp"'],
  ['uvx git tag', { command: 'uvx', args: ['--from', 'git+https://github.com/oraios/serena@v1.0', 'serena'] }, { command: 'uvx', args: ['--from', `git+https://github.com/oraios/serena@${SHA}`, 'serena'] }, '"git+https://github.com/oraios/serena@v1.0"'],
  ['docker image without tag', { command: 'docker', args: ['run', '-i', '--rm', '-e', 'GITHUB_PERSONAL_ACCESS_TOKEN', 'ghcr.io/github/github-mcp-server'] }, { command: 'docker', args: ['run', '-i', '--rm', '-e', 'GITHUB_PERSONAL_ACCESS_TOKEN', `ghcr.io/github/github-mcp-server@${DIGEST}`] }, '"ghcr.io/github/github-mcp-server"'],
  ['docker image:tag', { command: 'docker', args: ['run', '-i', '--rm', '--network', 'none', 'mcp/fetch:latest'] }, { command: 'docker', args: ['run', '-i', '--rm', '--network', 'none', `mcp/fetch:latest@${DIGEST}`] }, '"mcp/fetch:latest"'],
  ['podman', { command: 'podman', args: ['run', '-i', 'mcp/time:1.0'] }, { command: 'podman', args: ['run', '-i', `mcp/time@${DIGEST}`] }, '"mcp/time:1.0"'],
  ['cmd /c wrapper on Windows', { command: 'cmd', args: ['/c', 'npx', '-y', '@modelcontextprotocol/server-filesystem', 'C:\\src'] }, { command: 'cmd', args: ['/c', 'npx', '-y', '@modelcontextprotocol/server-filesystem@2025.8.21', 'C:\\src'] }, '"@modelcontextprotocol/server-filesystem"'],
  ['path to npx.cmd', { command: 'C:\\Program Files\\nodejs\\npx.cmd', args: ['-y', 'mcp-remote'] }, { command: 'C:\\Program Files\\nodejs\\npx.cmd', args: ['-y', 'mcp-remote@0.1.29'] }, '"mcp-remote"'],
];

describe('unpinned-package', () => {
  for (const [title, vulnerable, safe, text] of twins) {
    it(`${title}: flags the package argument, not its pinned twin`, () => {
      const bad = checkEntry(unpinnedPackage, vulnerable);
      const finding = assertOneAt(bad.server, bad.findings, text);
      assert.equal(finding.severity, 'warning');
      assert.equal(finding.data?.kind, 'unpinned-package');
      assert.deepEqual(checkEntry(unpinnedPackage, safe).findings, []);
    });
  }

  it('explains why and how to pin in the message', () => {
    const { findings } = checkEntry(unpinnedPackage, { command: 'npx', args: ['-y', '@playwright/mcp@latest'] });
    assert.match(findings[0]!.message, /tag "latest" moves/);
    assert.match(findings[0]!.message, /@1\.2\.3/);
    const docker = checkEntry(unpinnedPackage, { command: 'docker', args: ['run', 'mcp/git:1'] }).findings;
    assert.match(docker[0]!.message, /sha256/);
  });

  it('finds the package in a command line written as one string', () => {
    const server = serverEntry('{ "command": "npx -y @modelcontextprotocol/server-everything" }');
    const findings = check(unpinnedPackage, server);
    assertOneAt(server, findings, '@modelcontextprotocol/server-everything');
  });

  it('finds the package inside bash -c and env wrappers', () => {
    const bash = checkEntry(unpinnedPackage, { command: 'bash', args: ['-lc', 'cd /srv && npx -y mcp-remote https://x.example/mcp'] });
    assertOneAt(bash.server, bash.findings, 'mcp-remote');
    const env = checkEntry(unpinnedPackage, { command: 'env', args: ['DEBUG=1', 'uvx', 'mcp-server-git'] });
    assertOneAt(env.server, env.findings, '"mcp-server-git"');
  });

  it('does not flag local scripts, local paths or programs that download nothing', () => {
    for (const value of [
      { command: 'node', args: ['/opt/mcp/build/index.js'] },
      { command: 'npx', args: ['-y', './packages/server'] },
      { command: 'uvx', args: ['--from', '.', 'mcp-server'] },
      { command: 'python', args: ['-m', 'mcp_server_git'] },
      { url: 'https://mcp.example.com/mcp' },
    ]) {
      assert.deepEqual(checkEntry(unpinnedPackage, value).findings, [], JSON.stringify(value));
    }
  });

  it('reads versions the way npm, pip and docker do', () => {
    assert.equal(npmSpec('@scope/name@1.2.3')?.pinned, true);
    assert.equal(npmSpec('@scope/name@1.2.3-rc.1+build.5')?.pinned, true);
    assert.equal(npmSpec('@scope/name')?.name, '@scope/name');
    assert.equal(npmSpec('name@>=1.0.0')?.pinned, false);
    assert.equal(npmSpec('name@1.x')?.pinned, false);
    assert.equal(npmSpec('name@1')?.pinned, false);
    assert.equal(npmSpec('npm:name@2.0.0')?.pinned, true);
    assert.equal(pythonSpec('pkg[cli]==1.0.0')?.pinned, true);
    assert.equal(pythonSpec('pkg==1.*')?.pinned, false);
    assert.equal(pythonSpec('pkg~=1.0')?.pinned, false);
    assert.equal(imageSpec(`docker.io/library/alpine:3@${DIGEST}`).pinned, true);
    assert.equal(imageSpec('docker.io/library/alpine:3').name, 'alpine');
    assert.equal(imageSpec('localhost:5000/team/mcp').pinned, false);
    assert.equal(imageSpec('localhost:5000/team/mcp').name, 'localhost:5000/team/mcp');
  });
});

describe('unpinned-package: command paths with spaces', () => {
  it('does not split a Windows program path that contains spaces', () => {
    const server = entryFrom({ command: 'C:\\Program Files\\nodejs\\node.exe' });
    assert.deepEqual(invocations(server).map((i) => [i.program, i.args.length]), [['node', 0]]);
    const line = entryFrom({ command: 'npx -y mcp-remote' });
    assert.deepEqual(invocations(line).map((i) => [i.program, i.args.length]), [['npx', 2]]);
  });
});
