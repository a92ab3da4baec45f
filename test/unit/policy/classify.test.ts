import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyServers } from '../../../src/core/policy/classify.js';
import { orgPolicySchema } from '../../../src/core/policy/org-policy.js';
import { approvalFor } from '../../../src/core/state/approvals.js';
import { vscodeServers } from '../core/parse-vscode.js';

const config = JSON.stringify({
  servers: {
    github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github@2025.4.8'] },
    internal: { type: 'http', url: 'https://mcp.corp.example/v1' },
    stranger: { command: 'uvx', args: ['mystery-mcp'] },
  },
});
const servers = vscodeServers(config);
const byName = (items: ReturnType<typeof classifyServers>['items'], name: string) => items.find((item) => item.server.name === name);

test('with nothing approved every server is shadow, with a finding on its name', () => {
  const { items, findings } = classifyServers({ servers, approvals: [] });
  assert.deepEqual(items.map((item) => item.status), ['shadow', 'shadow', 'shadow']);
  const finding = findings.find((candidate) => candidate.serverName === 'stranger');
  assert.equal(finding?.ruleId, 'shadow-server');
  assert.equal(config.slice(finding!.range!.offset, finding!.range!.offset + finding!.range!.length), '"stranger"');
});

test('a user approval binds to the launch: the same server approves, an edited one does not', () => {
  const github = servers.find((server) => server.name === 'github')!;
  const approvals = [approvalFor(github, new Date('2026-01-02T00:00:00Z'))];
  assert.equal(byName(classifyServers({ servers, approvals }).items, 'github')?.status, 'approved');
  const edited = vscodeServers(config.replace('2025.4.8', '2025.4.9'));
  const item = byName(classifyServers({ servers: edited, approvals }).items, 'github');
  assert.equal(item?.status, 'shadow', 'a changed version must need approval again');
});

test('organisation policy approves by package and URL host, and denies', () => {
  const policy = orgPolicySchema.parse({
    version: 1,
    approved: [
      { id: 'gh', match: { package: '@modelcontextprotocol/server-github' } },
      { id: 'corp', match: { urlHost: '*.corp.example' } },
    ],
    denied: [{ id: 'no-mystery', match: { package: 'mystery-*' } }],
  });
  const { items, findings } = classifyServers({ servers, approvals: [], policy });
  assert.equal(byName(items, 'github')?.reason, 'approved by organisation policy entry "gh"');
  assert.equal(byName(items, 'internal')?.status, 'approved');
  assert.equal(byName(items, 'stranger')?.status, 'shadow');
  assert.ok(findings.some((finding) => finding.ruleId === 'denied-server' && finding.serverName === 'stranger' && finding.severity === 'error'));
});

test('a policy that disallows user approvals ignores them', () => {
  const github = servers.find((server) => server.name === 'github')!;
  const policy = orgPolicySchema.parse({ version: 1, allowUserApprovals: false });
  const { items } = classifyServers({ servers, approvals: [approvalFor(github, new Date())], policy });
  assert.equal(byName(items, 'github')?.status, 'shadow');
});

test('new means not in the previous scan, and nothing is new on the very first scan', () => {
  const first = classifyServers({ servers, approvals: [] });
  assert.equal(first.items.some((item) => item.isNew), false);
  const later = classifyServers({ servers, approvals: [], previouslySeen: new Set([servers[0]!.id, servers[1]!.id]) });
  assert.deepEqual(later.items.filter((item) => item.isNew).map((item) => item.server.name), ['stranger']);
});

test('the same name with different launches in two files is conflicting; identical ones are not', () => {
  const workspace = vscodeServers(JSON.stringify({ servers: { github: { command: 'npx', args: ['-y', 'evil-github'] } } }), '/work/other/.vscode/mcp.json');
  const { items } = classifyServers({ servers: [...servers, ...workspace], approvals: [] });
  assert.deepEqual(byName(items, 'github')?.conflictsWith, [workspace[0]!.id]);
  const twin = vscodeServers(config, '/work/twin/.vscode/mcp.json');
  const calm = classifyServers({ servers: [...servers, ...twin], approvals: [] });
  assert.equal(calm.items.every((item) => item.conflictsWith.length === 0), true);
});

test('a disabled server is reported as disabled, not shadow', () => {
  const disabled = { ...servers[2]!, disabled: true };
  assert.equal(classifyServers({ servers: [disabled], approvals: [] }).items[0]?.status, 'disabled');
});
