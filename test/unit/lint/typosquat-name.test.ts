import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KNOWN_IMAGES, KNOWN_NPM_PACKAGES, KNOWN_PYPI_PACKAGES } from '../../../src/core/lint/known-packages.js';
import { imitationOf, typosquatName } from '../../../src/core/lint/rules/typosquat-name.js';
import { assertOneAt, checkEntry } from '../helpers/lint.js';

/** [title, vulnerable, safe twin, covered text, real name] */
const twins: [string, Record<string, unknown>, Record<string, unknown>, string, string][] = [
  ['official name without its scope', { command: 'npx', args: ['-y', 'modelcontextprotocol-server-filesystem', '/src'] }, { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/src'] }, '"modelcontextprotocol-server-filesystem"', '@modelcontextprotocol/server-filesystem'],
  ['official name under a look-alike unscoped name', { command: 'npx', args: ['-y', 'server-filesytem'] }, { command: 'npx', args: ['-y', 'server-filesystem-tools'] }, '"server-filesytem"', '@modelcontextprotocol/server-filesystem'],
  ['typo in the scope', { command: 'npx', args: ['-y', '@modelcontextprotcol/server-memory@1.0.0'] }, { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory@1.0.0'] }, '"@modelcontextprotcol/server-memory@1.0.0"', '@modelcontextprotocol/server-memory'],
  ['look-alike scope', { command: 'npx', args: ['-y', '@modelcontextprotocol-server/filesystem'] }, { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem'] }, '"@modelcontextprotocol-server/filesystem"', '@modelcontextprotocol/server-filesystem'],
  ['swapped letters in a vendor package', { command: 'npx', args: ['@playwrigth/mcp@0.0.41'] }, { command: 'npx', args: ['@playwright/mcp@0.0.41'] }, '"@playwrigth/mcp@0.0.41"', '@playwright/mcp'],
  ['unscoped npm package', { command: 'npx', args: ['-y', 'firecrawl-mcpp'] }, { command: 'npx', args: ['-y', 'firecrawl-mcp'] }, '"firecrawl-mcpp"', 'firecrawl-mcp'],
  ['python package via uvx', { command: 'uvx', args: ['mcp-server-fecth'] }, { command: 'uvx', args: ['mcp-server-fetch'] }, '"mcp-server-fecth"', 'mcp-server-fetch'],
  ['python package via pipx --spec', { command: 'pipx', args: ['run', '--spec', 'mcp-server-sqlit==0.6.2', 'mcp-server-sqlite'] }, { command: 'pipx', args: ['run', '--spec', 'mcp-server-sqlite==0.6.2', 'mcp-server-sqlite'] }, '"mcp-server-sqlit==0.6.2"', 'mcp-server-sqlite'],
  ['container image', { command: 'docker', args: ['run', '-i', '--rm', 'ghcr.io/githib/github-mcp-server'] }, { command: 'docker', args: ['run', '-i', '--rm', 'ghcr.io/github/github-mcp-server'] }, '"ghcr.io/githib/github-mcp-server"', 'ghcr.io/github/github-mcp-server'],
];

describe('typosquat-name', () => {
  for (const [title, vulnerable, safe, text, real] of twins) {
    it(`${title}: warns and names the real package; the real name is clean`, () => {
      const bad = checkEntry(typosquatName, vulnerable);
      const finding = assertOneAt(bad.server, bad.findings, text);
      assert.equal(finding.severity, 'warning');
      assert.equal(finding.data?.real, real);
      assert.ok(finding.message.includes(`"${real}"`), finding.message);
      assert.deepEqual(checkEntry(typosquatName, safe).findings, []);
    });
  }

  it('python names compare after PEP 503 normalisation (mcp_server_git is mcp-server-git)', () => {
    assert.deepEqual(checkEntry(typosquatName, { command: 'uvx', args: ['mcp_server_git==0.6.2'] }).findings, []);
  });

  it('does not flag names inside a known scope: only its owner can publish there', () => {
    assert.deepEqual(checkEntry(typosquatName, { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesytem'] }).findings, []);
    assert.deepEqual(checkEntry(typosquatName, { command: 'npx', args: ['-y', '@playwright/mcp-extra'] }).findings, []);
  });

  it('does not flag packages whose distinctive part is too short to judge (mcp-server-gitee vs mcp-server-git)', () => {
    assert.deepEqual(checkEntry(typosquatName, { command: 'uvx', args: ['mcp-server-gitee'] }).findings, []);
    assert.deepEqual(checkEntry(typosquatName, { command: 'uvx', args: ['mcp-server-tide'] }).findings, []);
  });

  it('does not flag unrelated or short names, nor real packages near each other', () => {
    for (const args of [['-y', 'mcp-remote@0.1.29'], ['-y', 'some-other-tool'], ['-y', 'mcp'], ['-y', '@acme/mcp-server'], ['-y', '@modelcontextprotocol/server-gitlab']]) {
      assert.deepEqual(checkEntry(typosquatName, { command: 'npx', args }).findings, [], args.join(' '));
    }
    // Every known name is clean against the others.
    for (const name of KNOWN_NPM_PACKAGES) assert.equal(imitationOf(name, 'npm'), undefined, name);
    for (const name of KNOWN_PYPI_PACKAGES) assert.equal(imitationOf(name, 'pypi'), undefined, name);
    for (const name of KNOWN_IMAGES) assert.equal(imitationOf(name, 'docker'), undefined, name);
  });

  it('notes a server named like a well-known package that runs something else', () => {
    const { server, findings } = checkEntry(typosquatName, { command: 'node', args: ['/tmp/x.js'] }, { name: 'mcp-server-fecth' });
    const finding = assertOneAt(server, findings, '"mcp-server-fecth"');
    assert.equal(finding.severity, 'info');
    assert.deepEqual(checkEntry(typosquatName, { command: 'node', args: ['/tmp/x.js'] }, { name: 'mcp-server-fetch' }).findings, []);
  });

  it('keeps a list of 40–80 real names', () => {
    const total = new Set([...KNOWN_NPM_PACKAGES, ...KNOWN_PYPI_PACKAGES, ...KNOWN_IMAGES]).size;
    assert.ok(total >= 40 && total <= 90, String(total));
  });
});
