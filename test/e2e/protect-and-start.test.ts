// End-to-end: protect a server from the MCP Warden UI, start it with VS Code's own MCP client,
// and see its traffic pass the Warden proxy; then unprotect it and get the file back identical.
// Real VS Code (code-server 4.139.1 = VS Code 1.139, from npm, under Node 24) in Debian Chromium
// driven by playwright-core, with the packaged extension (dist/mcp-warden.vsix) installed.
//
// Journey: the workbench opens a temp copy of test/fixtures/protect-workspace, whose
// .vscode/mcp.json has one stdio server ("memory": node + @modelcontextprotocol/server-memory
// from this repository's node_modules, absolute path written in at test time) → the person opens
// the MCP Warden view, right-clicks "memory" → "Protect Server", looks at the changes ("Show
// Changes" opens a diff) and confirms → the entry now launches the proxy at
// <HOME>/.mcp-warden/bin/warden-proxy.cjs → "MCP: List Servers" → memory → "Start Server"
// (trusting the server if VS Code asks) → VS Code's MCP client starts it through the proxy: the
// proxy's audit log (<fake HOME>/.mcp-warden/audit/audit.jsonl) records `initialize` and
// `tools/list`, VS Code's output channel reports the tools it discovered → "MCP Warden: Open
// Inspector": inside its webview the Sessions table lists the session and its messages include
// initialize and tools/list both ways → the person runs "MCP Warden: Unprotect All Servers" and
// confirms → the file is byte for byte what it was. Screenshots go to test-results/e2e/protect-*.png.
//
// Run: `npm run test:e2e` (packages first), or after `npm run package`:
// `node scripts/run-tests.mjs e2e`. MCP_WARDEN_KEEP=1 keeps the temp dirs.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { ROOT, requireFile, waitFor } from '../../scripts/vscode-host/harness.js';
import { nextStep } from '../../src/core/protect/hints.js';
import {
  acceptTrustDialog,
  auditFile,
  auditRecords,
  auditTail,
  clickDialogButton,
  dialog,
  mcpServerAction,
  openSession,
  runCommand,
  UI_TIMEOUT,
  sessionAccessors,
  type E2ESession,
} from '../../scripts/vscode-host/e2e-session.js';

const FIXTURE = join(ROOT, 'test/fixtures/protect-workspace');
const MEMORY_SERVER = join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');
const SERVER = 'memory';

let session: E2ESession | undefined;
let configFile = '';
let originalBytes: Buffer | undefined;

const { page, shot, context } = sessionAccessors(() => session);

async function serversView(p: Page): Promise<Locator> {
  const entry = p.locator('.part.activitybar .action-item[aria-label^="MCP Warden"], .part.activitybar .action-label[aria-label^="MCP Warden"]').first();
  await entry.waitFor({ timeout: UI_TIMEOUT });
  const view = p.locator('.part.sidebar .pane:has(.pane-header[aria-label^="Servers"])').first();
  if (!(await view.isVisible().catch(() => false))) await entry.click();
  return view.locator('.monaco-list').first();
}

/** The Servers view row of the server, expanding groups the way a person would. */
async function serverRow(p: Page, match: RegExp, what: string): Promise<Locator> {
  const list = await serversView(p);
  const row = list.locator('.monaco-list-row', { hasText: SERVER });
  await waitFor(
    async () => {
      if ((await row.count()) > 0 && match.test(await row.first().innerText())) return true;
      const collapsed = list.locator('.monaco-list-row[aria-expanded="false"] .monaco-tl-twistie.collapsible');
      if ((await collapsed.count()) > 0) await collapsed.first().click();
      return false;
    },
    {
      timeoutMs: UI_TIMEOUT,
      intervalMs: 500,
      what,
      describe: async () => {
        await shot('fail-servers-view');
        return `rows: ${JSON.stringify(await list.locator('.monaco-list-row').allInnerTexts())}\n${context()}`;
      },
    },
  );
  return row.first();
}

before(async () => {
  requireFile(MEMORY_SERVER, 'run `npm install` (the devDependency @modelcontextprotocol/server-memory)');
  session = await openSession({
    prefix: 'protect-',
    fixture: FIXTURE,
    // VS Code's MCP client is part of its AI features: they stay on here (the other e2e test turns them off).
    settings: { 'chat.disableAIFeatures': false },
    prepare: (dirs) => {
      configFile = join(dirs.workspace, '.vscode/mcp.json');
      writeFileSync(configFile, readFileSync(configFile, 'utf8').replace('__MEMORY_SERVER__', MEMORY_SERVER).replace('__MEMORY_FILE__', join(dirs.base, 'memory.jsonl')));
      originalBytes = readFileSync(configFile);
    },
    describe: () => (session ? auditTail(session.dirs) : ''),
  });
  assert.equal(process.env.MCP_WARDEN_HOME, undefined, 'the e2e environment must not set MCP_WARDEN_HOME: the audit log is expected under the fake HOME');
  await shot('01-workbench');
});

after(async () => {
  await session?.close();
});

test('protect the server from the Servers view: the modal lists it, Show Changes opens a diff, Protect rewrites the entry', async (t) => {
  const p = page();
  const row = await serverRow(p, /shadow/, `the Servers view to list "${SERVER}"`);
  await shot('02-servers-view');
  await row.click({ button: 'right' });
  const item = p.locator('.context-view .action-item', { hasText: 'Protect Server' }).first();
  await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await shot('03-context-menu');
  await item.click();

  const first = await clickDialogButton(session!, /^Show Changes$/, 'the confirmation to offer "Show Changes"');
  assert.match(first, /Protect 1 server in 1 file\?/);
  assert.match(first, /\.vscode\/mcp\.json/);
  assert.match(first, new RegExp(SERVER));
  // The diff editor of the dry run opens behind the dialog that asks again.
  await p.locator('.monaco-diff-editor').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await dialog(p).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await shot('04-show-changes');
  assert.equal(readFileSync(configFile).compare(originalBytes!), 0, 'nothing may be written before the user confirms');
  await clickDialogButton(session!, /^Protect$/, 'the confirmation to offer "Protect"');

  const proxy = join(session!.dirs.home, '.mcp-warden/bin/warden-proxy.cjs');
  await waitFor(() => readFileSync(configFile, 'utf8').includes('warden-proxy.cjs'), { timeoutMs: UI_TIMEOUT, what: '.vscode/mcp.json to launch the Warden proxy', describe: context });
  const text = readFileSync(configFile, 'utf8');
  assert.ok(text.includes(JSON.stringify(proxy)), `the entry should launch ${proxy}:\n${text}`);
  assert.ok(existsSync(proxy), `the proxy should be installed at ${proxy}`);
  assert.ok(text.includes(JSON.stringify(MEMORY_SERVER)), 'the original command stays readable after "--"');
  // The notification names VS Code's next step (src/core/protect/hints.ts) and the way back.
  const toast = p.locator('.notification-toast', { hasText: 'Protected' }).first();
  await toast.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const message = (await toast.innerText()).replace(/\s+/g, ' ');
  t.diagnostic(`notification: ${message}`);
  // (Its start: a long notification may be cut short on screen.)
  const step = nextStep('vscode').message.replace(/\s+/g, ' ').slice(0, 60);
  assert.ok(message.includes(step), `the notification should say what VS Code needs next ("${step}…"):\n${message}`);
  assert.match(message, /Unprotect/);
  await serverRow(p, /protected/, `the Servers view to show "${SERVER}" protected`);
  await shot('05-protected');
  t.diagnostic(`protected: ${text.split('\n').find((line) => line.includes('warden-proxy'))?.trim()}`);
});

test('VS Code starts the protected server through the proxy: initialize and tools/list pass it', async (t) => {
  const p = page();
  const dirs = session!.dirs;
  // Close the diff editor so the MCP UI is not hidden behind it.
  await runCommand(p, 'View: Close All Editors');
  await mcpServerAction(session!, SERVER, /Start Server/, '07-server-actions');

  // Record whether VS Code asks to trust the rewritten server, and accept as a person would. (VS
  // Code 1.139 trusts servers of its own mcp.json files outright; only configs it discovers from
  // other apps are trusted per config hash and asked about again after an edit.)
  let asked: string | undefined;
  const records = await waitFor(
    async () => {
      if (asked === undefined && (await dialog(p).isVisible().catch(() => false))) await shot('08-trust-dialog');
      asked ??= await acceptTrustDialog(p);
      const all = auditRecords(dirs);
      const methods = new Set(all.map((record) => record.method));
      return methods.has('initialize') && methods.has('tools/list') ? all : false;
    },
    {
      timeoutMs: 90_000,
      intervalMs: 500,
      what: 'the proxy audit log to record initialize and tools/list of the server VS Code started',
      describe: async () => (await shot('fail-start'), `audit log ${auditFile(dirs)}\n${context()}`),
    },
  );
  t.diagnostic(asked === undefined ? 'VS Code did not ask to trust the protected server before starting it' : `VS Code asked to trust the protected server: ${asked.replace(/\s+/g, ' ').slice(0, 300)}`);
  t.diagnostic(`audit: ${records.length} records; methods ${[...new Set(records.map((record) => record.method).filter(Boolean))].join(', ')}`);
  assert.ok(
    records.some((record) => typeof record.serverId === 'string' && String(record.serverId).length > 0),
    'audit records carry the server id given with --server',
  );

  // VS Code's own log of the server (the "MCP: memory" output channel it shows on start) reports its tools.
  const panel = p.locator('.part.panel');
  const discovered = await waitFor(
    async () => {
      const text = await panel.innerText().catch(() => '');
      return /Discovered\s+\d+\s+tools?/.exec(text)?.[0] ?? false;
    },
    {
      timeoutMs: UI_TIMEOUT,
      what: "VS Code's MCP output channel to report the tools it discovered",
      describe: async () => (await shot('fail-discovered'), `panel text: ${await panel.innerText().catch(() => '(no panel)')}\n${context()}`),
    },
  );
  t.diagnostic(`VS Code: ${discovered}`);
  await runCommand(p, 'MCP: List Servers');
  await shot('09-running');
  await p.keyboard.press('Escape');
});

/** The Inspector's page: the frame (inside VS Code's webview iframes) that holds its Sessions table. */
async function inspectorFrame(p: Page): Promise<Frame | undefined> {
  for (const frame of p.frames()) {
    if (await frame.locator('section.sessions').count().catch(() => 0)) return frame;
  }
  return undefined;
}

test('the Inspector shows the session VS Code started and its initialize and tools/list messages', async (t) => {
  const p = page();
  await runCommand(p, 'MCP Warden: Open Inspector');
  const frame = await waitFor(() => inspectorFrame(p), {
    timeoutMs: UI_TIMEOUT,
    what: 'the Inspector webview to load its page',
    describe: async () => (await shot('fail-inspector'), `frames: ${p.frames().map((f) => f.url().slice(0, 120)).join('\n')}\n${context()}`),
  });
  const sessionRow = frame.locator('section.sessions tbody tr', { hasText: SERVER }).first();
  const sessionText = await waitFor(async () => ((await sessionRow.isVisible().catch(() => false)) ? sessionRow.innerText() : false), {
    timeoutMs: UI_TIMEOUT,
    what: `the Inspector's Sessions table to list a session of "${SERVER}"`,
    describe: async () => (await shot('fail-inspector-session'), `sessions: ${await frame.locator('section.sessions').innerText().catch(() => '?')}\n${context()}`),
  });
  t.diagnostic(`Inspector session: ${sessionText.replace(/\s+/g, ' ')}`);
  await sessionRow.click();
  const rows = frame.locator('section.messages tbody tr');
  const methods = await waitFor(
    async () => {
      const texts = await rows.allInnerTexts();
      const seen = texts.map((text) => text.replace(/\s+/g, ' '));
      const wanted = ['initialize', 'tools/list'].every((method) => seen.some((text) => text.includes(method) && /client → server/.test(text)) && seen.some((text) => text.includes(method) && /server → client/.test(text)));
      return wanted ? seen : false;
    },
    {
      timeoutMs: UI_TIMEOUT,
      what: 'the Inspector to show initialize and tools/list, request and response, for the session',
      describe: async () => (await shot('fail-inspector-messages'), `messages: ${JSON.stringify(await rows.allInnerTexts())}\n${context()}`),
    },
  );
  const initialize = rows.filter({ hasText: 'initialize' }).filter({ hasText: 'server → client' }).first();
  await initialize.click();
  const detail = await frame.locator('section.detail pre').innerText();
  assert.match(detail, /"method": "initialize"/, `the detail pane shows the selected message:\n${detail}`);
  t.diagnostic(`Inspector messages: ${methods.length}; first: ${methods.slice(0, 4).join(' | ')}`);
  await shot('10-inspector');
  await runCommand(p, 'View: Close All Editors');
});

test('unprotect from the command palette gives .vscode/mcp.json back byte for byte', async () => {
  const p = page();
  await runCommand(p, 'MCP Warden: Unprotect All Servers');
  const text = await clickDialogButton(session!, /^Unprotect$/, 'the confirmation to offer "Unprotect"');
  assert.match(text, /Unprotect 1 server in 1 file\?/);
  await waitFor(() => readFileSync(configFile).compare(originalBytes!) === 0, {
    timeoutMs: UI_TIMEOUT,
    what: '.vscode/mcp.json to be identical to the original',
    describe: () => `now:\n${readFileSync(configFile, 'utf8')}\n${context()}`,
  });
  await serverRow(p, /^(?![\s\S]*\bprotected\b)/, `the Servers view to show "${SERVER}" without "protected"`);
  await shot('11-unprotected');
});
