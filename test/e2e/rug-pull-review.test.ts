// End-to-end: a protected server rug-pulls across a restart and the person reviews the change.
// Same host as protect-and-start.test.ts (code-server in Chromium via playwright-core, packaged
// extension). Journey: the workspace (temp copy of test/fixtures/rug-pull-workspace) has one stdio
// server "rug-pull" (test/fixtures/servers/rug-pull.mjs, unicode-tag scenario, stage read from a
// file) → "MCP Warden: Protect All Servers" + confirm → "MCP: List Servers" → Start Server: the
// proxy pins its tools on first sight (audit: tools/list) → the stage file switches to the variant
// whose `echo` description hides a Unicode tag sequence → Restart Server → the Warden notification
// "… — blocked until reviewed" → Review → a diff showing ⟦U+E00…⟧ → Approve in the editor title
// → nothing pending in <HOME>/.mcp-warden/pins/*.json and the next tools/list is not withheld by the
// pins (the definition detector still withholds `echo` for its hidden tag characters).
// Screenshots go to test-results/e2e/rug-pull-*.png.
//
// Run: after `npm run package`, `node scripts/run-tests.mjs e2e`. MCP_WARDEN_KEEP=1 keeps the temp dirs.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  ROOT,
  NODE24,
  CODE_SERVER_ENTRY,
  RESULTS_DIR,
  ensureInstalled,
  freePort,
  isolatedEnv,
  launchChromium,
  makeRunDirs,
  requireFile,
  startProcess,
  tail,
  waitFor,
  waitForHttp,
  type Browser,
  type ManagedProcess,
  type RunDirs,
} from '../../scripts/vscode-host/harness.js';

const VSIX = process.env.MCP_WARDEN_E2E_VSIX ?? join(ROOT, 'dist/mcp-warden.vsix');
const FIXTURE = join(ROOT, 'test/fixtures/rug-pull-workspace');
const LAUNCHER = join(FIXTURE, 'rug-pull-from-file.mjs');
const OUT = join(RESULTS_DIR, 'e2e');
const UI_TIMEOUT = 60_000;
const SERVER = 'rug-pull';

let dirs: RunDirs | undefined;
let server: ManagedProcess | undefined;
let browser: Browser | undefined;
let stageFile = '';

function page(): Page {
  if (!browser) throw new Error('browser not started (see the before hook failure)');
  return browser.page;
}

async function shot(name: string): Promise<void> {
  await browser?.page.screenshot({ path: join(OUT, `rug-pull-${name}.png`) }).catch(() => undefined);
}

function context(): string {
  return [
    `--- code-server output (${server?.exitDescription()}; full log ${join(OUT, 'rug-pull-code-server.log')})`,
    tail(server?.output() ?? '', 40),
    `--- audit log (last 15)`,
    existsSync(auditFile()) ? tail(readFileSync(auditFile(), 'utf8'), 15) : '(none)',
    `--- browser console (last 20)`,
    (browser?.console ?? []).slice(-20).join('\n'),
  ].join('\n');
}

function auditFile(): string {
  return join(dirs!.home, '.mcp-warden/audit/audit.jsonl');
}

function auditRecords(): Array<Record<string, unknown>> {
  if (!existsSync(auditFile())) return [];
  return readFileSync(auditFile(), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

/** The pin files of the fake HOME, parsed. */
function pinFiles(): Array<{ pending?: Array<{ kind: string; key: string }>; items?: unknown }> {
  const folder = join(dirs!.home, '.mcp-warden/pins');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => {
      try {
        return [JSON.parse(readFileSync(join(folder, name), 'utf8'))];
      } catch {
        return [];
      }
    });
}

const pendingKeys = (): string[] => pinFiles().flatMap((pins) => (pins.pending ?? []).map((record) => `${record.kind}:${record.key}`));

async function runCommand(p: Page, title: string, timeout = UI_TIMEOUT): Promise<void> {
  await p.keyboard.press('Escape');
  await p.keyboard.press('F1');
  const input = p.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(`>${title}`);
  const row = p.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout });
  await row.click();
}

async function clickDialogButton(p: Page, label: RegExp): Promise<string> {
  const box = p.locator('.monaco-dialog-box').first();
  await box.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const text = await box.innerText();
  await box.locator('.monaco-button', { hasText: label }).first().click({ timeout: UI_TIMEOUT });
  return text;
}

/** "MCP: List Servers" → the server → the action, as a person would; accepts VS Code's trust prompt. */
async function serverAction(p: Page, action: RegExp, name: string): Promise<void> {
  await runCommand(p, 'MCP: List Servers');
  const rows = p.locator('.quick-input-widget .monaco-list-row');
  const item = rows.filter({ hasText: SERVER }).first();
  await waitFor(() => item.isVisible(), { timeoutMs: UI_TIMEOUT, what: `"MCP: List Servers" to list "${SERVER}"`, describe: async () => `rows: ${JSON.stringify(await rows.allInnerTexts())}\n${context()}` });
  await item.click();
  const choice = rows.filter({ hasText: action }).first();
  await waitFor(() => choice.isVisible(), {
    timeoutMs: UI_TIMEOUT,
    what: `the actions of "${SERVER}" to offer ${action}`,
    describe: async () => {
      await shot(`fail-${name}`);
      return `rows: ${JSON.stringify(await rows.allInnerTexts())}\n${context()}`;
    },
  });
  await shot(name);
  await choice.click();
}

/** Waits for a tools/list recorded after `since` (accepting VS Code's trust dialog if it asks). */
async function waitForToolsList(p: Page, since: number, what: string): Promise<Array<Record<string, unknown>>> {
  return waitFor(
    async () => {
      const box = p.locator('.monaco-dialog-box').first();
      if (await box.isVisible().catch(() => false)) {
        const button = box.locator('.monaco-button', { hasText: /^(Trust|Allow|Start)/ }).first();
        if (await button.isVisible().catch(() => false)) await button.click();
      }
      const fresh = auditRecords().filter((record) => Date.parse(String(record.ts)) >= since);
      return fresh.some((record) => record.method === 'tools/list') ? fresh : false;
    },
    { timeoutMs: 90_000, intervalMs: 500, what, describe: async () => (await shot('fail-tools-list'), context()) },
  );
}

before(async () => {
  ensureInstalled();
  requireFile(VSIX, 'run `npm run package` (npm run test:e2e does) to build dist/mcp-warden.vsix');
  mkdirSync(OUT, { recursive: true });
  for (const name of readdirSync(OUT)) if (name.startsWith('rug-pull-')) rmSync(join(OUT, name), { force: true });
  // VS Code's MCP client is part of its AI features: they stay on here.
  dirs = makeRunDirs('e2e-rug-pull', FIXTURE, { 'chat.disableAIFeatures': false });
  stageFile = join(dirs.base, 'rug-stage');
  writeFileSync(stageFile, '0\n');
  const configFile = join(dirs.workspace, '.vscode/mcp.json');
  writeFileSync(configFile, readFileSync(configFile, 'utf8').replace('__RUG_PULL_SERVER__', LAUNCHER).replace('__STAGE_FILE__', stageFile));
  const env = isolatedEnv(dirs);
  const install = spawnSync(NODE24, [CODE_SERVER_ENTRY, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', VSIX], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(install.status, 0, `code-server --install-extension failed:\n${install.stdout}\n${install.stderr}`);
  const port = await freePort();
  server = startProcess(
    NODE24,
    [CODE_SERVER_ENTRY, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--disable-telemetry', '--disable-update-check', dirs.workspace],
    { env, logFile: join(OUT, 'rug-pull-code-server.log') },
  );
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, server);
  browser = await launchChromium(join(dirs.base, 'chromium'));
  await browser.page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}`);
  await waitFor(() => browser!.page.locator('.monaco-workbench .explorer-folders-view .monaco-list-row[aria-label=".vscode"]').isVisible(), {
    timeoutMs: 120_000,
    what: 'the VS Code workbench to show the workspace folder in the Explorer',
    describe: async () => `page title: ${await browser!.page.title()}\n${context()}`,
  });
});

after(async () => {
  if (browser) writeFileSync(join(OUT, 'rug-pull-browser-console.log'), browser.console.join('\n'));
  await browser?.close();
  await server?.stop();
  if (dirs && process.env.MCP_WARDEN_KEEP !== '1') rmSync(dirs.base, { recursive: true, force: true });
});

test('protect and start: the proxy pins the tools on first sight', async () => {
  const p = page();
  const configFile = join(dirs!.workspace, '.vscode/mcp.json');
  await waitFor(
    async () => {
      await runCommand(p, 'MCP Warden: Protect All Servers', 5_000).catch(() => p.locator('.monaco-workbench').click({ position: { x: 600, y: 300 } }).catch(() => undefined));
      const box = p.locator('.monaco-dialog-box').first();
      return box.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
    },
    { timeoutMs: 90_000, intervalMs: 1000, what: 'the Protect All Servers confirmation', describe: context },
  );
  const text = await clickDialogButton(p, /^Protect$/);
  assert.match(text, /Protect 1 server/);
  await waitFor(() => readFileSync(configFile, 'utf8').includes('warden-proxy.cjs'), { timeoutMs: UI_TIMEOUT, what: '.vscode/mcp.json to launch the Warden proxy', describe: context });

  const since = Date.now();
  await serverAction(p, /Start Server/, '01-start');
  await waitForToolsList(p, since, 'the audit log to record the first tools/list');
  await waitFor(() => pinFiles().some((pins) => JSON.stringify(pins.items ?? pins).includes('echo')), {
    timeoutMs: UI_TIMEOUT,
    what: 'a pin file holding the tool "echo"',
    describe: () => `${JSON.stringify(pinFiles())}\n${context()}`,
  });
  assert.deepEqual(pendingKeys(), [], 'nothing is pending on first sight');
  await shot('02-started');
});

test('the server hides a Unicode tag sequence after a restart: notification, diff with ⟦U+E00…⟧, Approve', async (t) => {
  const p = page();
  writeFileSync(stageFile, '1\n');
  await serverAction(p, /Restart Server/, '03-restart');

  const toast = p.locator('.notification-toast', { hasText: 'blocked until reviewed' }).first();
  await waitFor(() => toast.isVisible(), {
    timeoutMs: 90_000,
    intervalMs: 500,
    what: 'the Warden notification "… blocked until reviewed"',
    describe: async () => (await shot('fail-notification'), `pending: ${JSON.stringify(pendingKeys())}\n${context()}`),
  });
  const message = await toast.innerText();
  t.diagnostic(`notification: ${message.replace(/\s+/g, ' ')}`);
  assert.match(message, new RegExp(`Server ${SERVER}: 1 tool changed`));
  assert.deepEqual(pendingKeys(), ['tool:echo']);
  await shot('04-notification');
  const review = toast.locator('.monaco-button', { hasText: /^Review$/ }).first();
  if (await review.isVisible().catch(() => false)) await review.click();
  else await runCommand(p, 'MCP Warden: Review Pending Change');

  const modified = p.locator('.monaco-diff-editor .editor.modified .view-lines').first();
  const shown = await waitFor(
    async () => {
      const text = (await modified.innerText().catch(() => '')).replace(/\u00a0/g, ' ');
      return text.includes('⟦U+E00') ? text : false;
    },
    { timeoutMs: UI_TIMEOUT, what: 'the review diff to show a ⟦U+E00…⟧ marker', describe: async () => (await shot('fail-diff'), context()) },
  );
  t.diagnostic(`offered: ${shown.split('\n').find((line) => line.includes('⟦U+E00'))?.slice(0, 160)}`);
  await shot('05-review-diff');

  const approve = p.locator('.part.editor .editor-actions .action-label[aria-label*="Approve"], .part.editor .title-actions .action-label[aria-label*="Approve"]').first();
  await approve.click({ timeout: UI_TIMEOUT });
  const approvedAt = Date.now();
  await waitFor(() => pendingKeys().length === 0, { timeoutMs: UI_TIMEOUT, what: 'the pin file to list nothing pending', describe: () => `${JSON.stringify(pinFiles())}\n${context()}` });
  await p.locator('.notification-toast', { hasText: /Approved tool echo/ }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await shot('06-approved');

  // The proxy tells VS Code to list again; restarting the server lists again in any case.
  const relisted = await waitForToolsList(p, approvedAt, 'a tools/list after the approval').catch(async () => {
    const since = Date.now();
    await serverAction(p, /Restart Server/, '07-restart-again');
    return waitForToolsList(p, since, 'a tools/list after restarting the approved server');
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const after = auditRecords().filter((record) => Date.parse(String(record.ts)) >= approvedAt);
  t.diagnostic(`after approval: ${relisted.length}+ records; methods ${[...new Set(after.map((record) => record.method).filter(Boolean))].join(', ')}`);
  const listed = after.filter((record) => record.method === 'tools/list' && record.kind === 'response');
  assert.ok(listed.length > 0, 'a tools/list response after the approval');
  // The pins pass `echo` now. (The proxy's definition detector still withholds it on its own
  // account: hidden tag characters are a finding whatever the pins say; see the notes.)
  assert.ok(!after.some((record) => /pins: withheld/.test(JSON.stringify(record))), `the pins withhold nothing after the approval:\n${after.map((record) => JSON.stringify(record)).join('\n')}`);
  for (const record of listed) t.diagnostic(`tools/list after approval: verdict ${String(record.verdict)}; notes ${JSON.stringify(record.notes ?? [])}`);
  assert.deepEqual(pendingKeys(), []);
});
