// Claude Code's own program (@anthropic-ai/claude-code from npm, its native binary) against a
// project .mcp.json protected by Warden: `claude mcp list` health-checks the server through the
// proxy (server/discover, then initialize and tools/list).
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { buildWarden, CLIENTS_DIR, describeRun, ensureClients, printed, protectAll, readAudit, relayedMethods, runProgram, sandbox, unprotectAll, writeConfig, type Sandbox } from './helpers.js';

const CLAUDE = path.join(CLIENTS_DIR, 'claude', 'node_modules', '@anthropic-ai', 'claude-code', 'bin', 'claude.exe');
let box: Sandbox;
let mcpJson: string;
let original: Buffer;

before(() => {
  ensureClients();
  buildWarden();
  box = sandbox('claude');
  mcpJson = path.join(box.project, '.mcp.json');
  original = writeConfig('claude-mcp.json', mcpJson);
  // The user approved the project's servers (what the approval prompt's "use all" records).
  mkdirSync(path.join(box.home, '.claude'), { recursive: true });
  writeFileSync(path.join(box.home, '.claude', 'settings.json'), '{\n  "enableAllProjectMcpServers": true\n}\n');
});

function claude(args: string[]) {
  return runProgram(CLAUDE, args, {
    cwd: box.project,
    timeoutMs: 90_000,
    env: { ...box.env, DISABLE_AUTOUPDATER: '1', DISABLE_TELEMETRY: '1', DISABLE_ERROR_REPORTING: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' },
  });
}

test('claude mcp list connects to the server through the Warden proxy; unprotect restores .mcp.json', { timeout: 300_000 }, async () => {
  const report = protectAll(box, mcpJson);
  assert.match(report, /faults \(claude-code\)/, report);
  // A root .mcp.json is read by VS Code, Claude Code, Qwen Code and Copilot CLI: one rewrite, each client's next step.
  for (const client of ['VS Code', 'Claude Code', 'Qwen Code', 'GitHub Copilot CLI']) assert.match(report, new RegExp(`^  ${client}: `, 'm'), `the next step of ${client}:\n${report}`);

  const list = await claude(['mcp', 'list']);
  assert.equal(list.timedOut, false, describeRun(list));
  assert.match(printed(list), /faults: node \S+warden-proxy\.cjs --server \S+ -- node \S+fault-server\.mjs - ✔ Connected/, describeRun(list));
  const methods = relayedMethods(box);
  for (const method of ['server/discover', 'initialize', 'tools/list']) assert.ok(methods.includes(method), `the proxy relayed Claude Code's ${method}: ${methods.join(', ')}`);
  assert.ok(methods.indexOf('server/discover') < methods.indexOf('initialize'), `Claude Code sends server/discover before initialize: ${methods.join(', ')}`);
  assert.ok(readAudit(box).some((line) => line.direction === 'server-to-client' && line.method === 'tools/list' && line.kind === 'response'), 'the server answered tools/list through the proxy');

  unprotectAll(box, mcpJson, original);
});
