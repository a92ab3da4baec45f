import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allRules, lintServers } from '../../../src/core/lint/index.js';
import type { LintRule } from '../../../src/core/lint/rule.js';
import { entryFrom, serverEntries, textAt } from '../helpers/server-entry.js';
import { SAMPLES } from '../helpers/secret-samples.js';

const root = join(import.meta.dirname, '..', '..', '..');

describe('lintServers', () => {
  const config = `{
  // a workspace config with several problems
  "servers": {
    "github": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-github"],
      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${SAMPLES['github-token']}" }
    },
    "remote": { "type": "http", "url": "http://mcp.example.com/mcp" },
    "pinned": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory@2025.8.4"] }
  }
}`;
  const servers = serverEntries(config);

  it('runs every rule and reports each problem at its place in the file', () => {
    const findings = lintServers(servers);
    const summary = findings.map((f) => `${f.serverName} ${f.ruleId} ${f.severity} ${textAt(servers[0]!, f.range)}`);
    assert.deepEqual(summary, [
      'github unpinned-package warning "@modelcontextprotocol/server-github"',
      `github inline-secret error ${SAMPLES['github-token']}`,
      'remote insecure-http error "http://mcp.example.com/mcp"',
    ]);
  });

  it('severity options override per rule id and switch rules off', () => {
    const findings = lintServers(servers, { severity: { 'unpinned-package': 'error', 'insecure-http': 'off' } });
    assert.deepEqual(
      findings.map((f) => `${f.ruleId}:${f.severity}`),
      ['unpinned-package:error', 'inline-secret:error'],
    );
  });

  it('a rule that throws becomes one finding instead of hiding the others', () => {
    const broken: LintRule = { id: 'broken', severity: 'error', title: 'x', docs: 'docs/rules/broken.md', check: () => { throw new Error('boom'); } };
    const findings = lintServers([entryFrom({ command: 'x' })], { rules: [broken, ...allRules] });
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /rule broken failed.*boom/);
  });

  it('a clean config yields nothing', () => {
    const clean = entryFrom({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory@2025.8.4'], env: { MEMORY_FILE_PATH: '/home/dev/memory.json' } });
    assert.deepEqual(lintServers([clean]), []);
  });
});

describe('allRules', () => {
  it('has unique kebab-case ids, titles and a documentation page with every section', () => {
    const ids = new Set<string>();
    for (const rule of allRules) {
      assert.match(rule.id, /^[a-z]+(?:-[a-z]+)*$/);
      assert.ok(!ids.has(rule.id), rule.id);
      ids.add(rule.id);
      assert.ok(rule.title.length > 5);
      assert.equal(rule.docs, `docs/rules/${rule.id}.md`);
      const path = join(root, rule.docs);
      assert.ok(existsSync(path), `${rule.docs} exists`);
      const text = readFileSync(path, 'utf8');
      for (const section of ['## What it detects', '## Why it matters', '## Vulnerable example', '## Safe example', '## How to fix']) {
        assert.ok(text.includes(section), `${rule.docs} has "${section}"`);
      }
    }
    assert.ok(ids.size >= 7);
  });
});
