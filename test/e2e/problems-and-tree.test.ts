// End-to-end: a person opens a workspace with risky MCP servers in real VS Code (code-server
// 4.139.1 = VS Code 1.139, from npm, under Node 24) in a real browser (Debian Chromium driven by
// playwright-core), with the packaged extension (dist/mcp-warden.vsix) installed from its VSIX.
//
// Journey: the workbench opens test/fixtures/e2e-workspace (a temp copy) → the person clicks the
// "MCP Warden" activity-bar entry → the "Servers" view lists each server of .vscode/mcp.json by
// name → the person opens .vscode/mcp.json and the Problems panel → it lists the findings
// `unpinned-package` and `inline-secret` of source "MCP Warden" on the lines of the entries that
// cause them. Screenshots go to test-results/e2e/problems-*.png (kept as CI artifacts).
//
// Run: `npm run test:e2e` (packages first), or after `npm run package`:
// `node scripts/run-tests.mjs e2e`. Env: MCP_WARDEN_E2E_VSIX=<file> installs another VSIX
// (harness self-checks); MCP_WARDEN_KEEP=1 keeps the temp dirs.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { ROOT, waitFor } from '../../scripts/vscode-host/harness.js';
import { openSession, runCommand, UI_TIMEOUT, sessionAccessors, type E2ESession } from '../../scripts/vscode-host/e2e-session.js';

const FIXTURE = join(ROOT, 'test/fixtures/e2e-workspace');

const SERVERS = ['notes-shadow', 'weather-unpinned', 'github-inline-token'];

let session: E2ESession | undefined;

const { page, shot, context } = sessionAccessors(() => session);

/** Random text in the shape of a classic GitHub token, assembled so scanners skip this file. */
function fakeGithubToken(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const body = Array.from(randomBytes(36), (b) => alphabet[b % alphabet.length]).join('');
  return ['gh', 'p_', body].join('');
}

/** 1-based line numbers in the fixture's .vscode/mcp.json. */
function fixtureLines(): { secretLine: number; unpinnedBlock: [number, number] } {
  const lines = readFileSync(join(FIXTURE, '.vscode/mcp.json'), 'utf8').split('\n');
  const secret = lines.findIndex((l) => l.includes('"GITHUB_TOKEN"'));
  const start = lines.findIndex((l) => l.includes('"weather-unpinned"'));
  const indent = lines[start]!.match(/^\s*/)![0];
  const end = lines.findIndex((l, i) => i > start && l.startsWith(`${indent}}`));
  assert.ok(secret >= 0 && start >= 0 && end > start, 'fixture .vscode/mcp.json changed shape');
  return { secretLine: secret + 1, unpinnedBlock: [start + 1, end + 1] };
}

interface Row {
  level: number;
  text: string;
  label: string;
  expanded: string | null;
}

async function rows(list: Locator): Promise<Row[]> {
  return list.locator('.monaco-list-row').evaluateAll((els) =>
    els.map((el) => ({
      level: Number(el.getAttribute('aria-level') ?? 0),
      text: (el as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim(),
      label: el.getAttribute('aria-label') ?? '',
      expanded: el.getAttribute('aria-expanded'),
    })),
  );
}

before(async () => {
  session = await openSession({
    prefix: 'problems-',
    fixture: FIXTURE,
    // The fixture holds a placeholder; the finding needs something shaped like a real token.
    prepare: (dirs) => {
      const config = join(dirs.workspace, '.vscode/mcp.json');
      writeFileSync(config, readFileSync(config, 'utf8').replace('__FAKE_GITHUB_TOKEN__', fakeGithubToken()));
    },
  });
  await shot('01-workbench');
});

after(async () => {
  await session?.close();
});

test('the MCP Warden activity-bar view lists every server of .vscode/mcp.json by name, flagged shadow', async (t) => {
  const p = page();
  const t0 = Date.now();
  const entry = p.locator('.part.activitybar .action-item[aria-label^="MCP Warden"], .part.activitybar .action-label[aria-label^="MCP Warden"]').first();
  await waitFor(() => entry.count(), {
    timeoutMs: UI_TIMEOUT,
    what: 'an activity-bar entry labelled "MCP Warden" (view container mcpWarden)',
    describe: async () => {
      await shot('fail-activitybar');
      const labels = await p.locator('.part.activitybar .action-item').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? (e as unknown as { innerText: string }).innerText));
      return `activity-bar entries: ${JSON.stringify(labels)}\n${context()}`;
    },
  });
  t.diagnostic(`activity-bar entry present after ${Date.now() - t0} ms`);
  await entry.click();

  const view = p.locator('.part.sidebar .pane:has(.pane-header[aria-label^="Servers"])').first();
  const list = view.locator('.monaco-list').first();
  let seen: Row[] = [];
  await waitFor(
    async () => {
      seen = await rows(list);
      const rowOf = (name: string) => seen.find((r) => r.text.includes(name) || r.label.includes(name));
      if (SERVERS.every((name) => rowOf(name))) {
        // Every server of the workspace config is unapproved, so each is flagged as shadow.
        return SERVERS.every((name) => /shadow/i.test(`${rowOf(name)!.text} ${rowOf(name)!.label}`.replaceAll(name, '')));
      }
      // Expand collapsed groups (e.g. per client or config file) the way a person would.
      const collapsed = list.locator('.monaco-list-row[aria-expanded="false"] .monaco-tl-twistie.collapsible');
      if ((await collapsed.count()) > 0) await collapsed.first().click();
      return false;
    },
    {
      timeoutMs: UI_TIMEOUT,
      intervalMs: 500,
      what: `the "Servers" view (mcpWarden.servers) to list ${SERVERS.join(', ')}, each flagged "shadow"`,
      describe: async () => {
        await shot('fail-servers-view');
        const headers = await p.locator('.part.sidebar .pane-header').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
        const body = await view.innerText({ timeout: 1000 }).catch(() => '(no Servers pane)');
        return `sidebar panes: ${JSON.stringify(headers)}\nServers view rows: ${JSON.stringify(seen.map((r) => r.text))}\nServers view text: ${body}\n${context()}`;
      },
    },
  );
  t.diagnostic(`servers listed after ${Date.now() - t0} ms`);
  await shot('02-servers-view');
});

test('the Problems panel shows unpinned-package and inline-secret on the right lines of .vscode/mcp.json', async (t) => {
  const p = page();
  const t0 = Date.now();
  const { secretLine, unpinnedBlock } = fixtureLines();

  // Open the config as a person would (Explorer → .vscode → mcp.json).
  const explorer = p.locator('.explorer-folders-view');
  if ((await explorer.count()) === 0 || !(await explorer.isVisible())) await runCommand(p, 'View: Show Explorer');
  const dotVscode = explorer.locator('.monaco-list-row[aria-label=".vscode"]');
  await dotVscode.waitFor({ timeout: UI_TIMEOUT });
  if ((await dotVscode.getAttribute('aria-expanded')) !== 'true') await dotVscode.click();
  await explorer.locator('.monaco-list-row[aria-label="mcp.json"]').click();
  await p.locator('.editor-group-container .tab.active[aria-label^="mcp.json"]').waitFor({ timeout: UI_TIMEOUT });

  // Open the Problems panel from the status bar's problems counter.
  await p.locator('#status\\.problems').click();
  const markers = p.locator('.markers-panel .monaco-list').first();
  await markers.waitFor({ timeout: UI_TIMEOUT });

  type Finding = { text: string; line: number; col: number };
  let all: Row[] = [];
  let findings: Finding[] = [];
  const check = async (): Promise<string | undefined> => {
    all = await rows(markers);
    // Marker rows (aria-level 2) that follow the resource row of .vscode/mcp.json (aria-level 1).
    findings = [];
    let inConfig = false;
    for (const r of all) {
      if (r.level === 1) inConfig = /mcp\.json/.test(r.text) && /\.vscode/.test(r.text + r.label);
      else if (inConfig) {
        const m = r.text.match(/\[Ln (\d+), Col (\d+)\]/);
        if (m) findings.push({ text: r.text, line: Number(m[1]), col: Number(m[2]) });
      }
    }
    const unpinned = findings.filter((f) => f.text.includes('unpinned-package'));
    const secret = findings.filter((f) => f.text.includes('inline-secret'));
    if (!unpinned.some((f) => f.line >= unpinnedBlock[0] && f.line <= unpinnedBlock[1])) {
      return `an unpinned-package finding on lines ${unpinnedBlock[0]}–${unpinnedBlock[1]} (the "weather-unpinned" entry); unpinned-package findings: ${JSON.stringify(unpinned)}`;
    }
    if (!secret.some((f) => f.line === secretLine)) {
      return `an inline-secret finding on line ${secretLine} (GITHUB_TOKEN); inline-secret findings: ${JSON.stringify(secret)}`;
    }
    if (!findings.every((f) => !/unpinned-package|inline-secret/.test(f.text) || f.text.includes('MCP Warden'))) {
      return `every finding to name its source "MCP Warden": ${JSON.stringify(findings)}`;
    }
    return undefined;
  };
  let problem: string | undefined = 'not checked yet';
  await waitFor(async () => (problem = await check()) === undefined, {
    timeoutMs: UI_TIMEOUT,
    intervalMs: 500,
    what: 'the Problems panel to list the MCP Warden findings of .vscode/mcp.json',
    describe: async () => {
      await shot('fail-problems');
      return `expected ${problem}\nProblems panel rows: ${JSON.stringify(all.map((r) => `${r.level}: ${r.text}`), null, 1)}\n${context()}`;
    },
  });
  t.diagnostic(`findings shown after ${Date.now() - t0} ms`);
  await shot('03-problems');
});
