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
// `tools/list` → the person runs "MCP Warden: Unprotect All Servers" and confirms → the file is
// byte for byte what it was. Screenshots go to test-results/e2e/protect-*.png.
//
// Run: `npm run test:e2e` (packages first), or after `npm run package`:
// `node scripts/run-tests.mjs e2e`. MCP_WARDEN_KEEP=1 keeps the temp dirs.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
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
const FIXTURE = join(ROOT, 'test/fixtures/protect-workspace');
const MEMORY_SERVER = join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');
const OUT = join(RESULTS_DIR, 'e2e');
const UI_TIMEOUT = 60_000;
const SERVER = 'memory';

let dirs: RunDirs | undefined;
let server: ManagedProcess | undefined;
let browser: Browser | undefined;
let configFile = '';
let originalBytes: Buffer | undefined;

function page(): Page {
  if (!browser) throw new Error('browser not started (see the before hook failure)');
  return browser.page;
}

async function shot(name: string): Promise<void> {
  await browser?.page.screenshot({ path: join(OUT, `protect-${name}.png`) }).catch(() => undefined);
}

function context(): string {
  return [
    `--- code-server output (${server?.exitDescription()}; full log ${join(OUT, 'protect-code-server.log')})`,
    tail(server?.output() ?? '', 40),
    `--- browser console (last 30)`,
    (browser?.console ?? []).slice(-30).join('\n'),
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

async function runCommand(p: Page, title: string): Promise<void> {
  await p.keyboard.press('Escape');
  await p.keyboard.press('F1');
  const input = p.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await input.fill(`>${title}`);
  const row = p.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await row.click();
}

/** The buttons of the modal dialog on screen, if one is. */
function dialog(p: Page): Locator {
  return p.locator('.monaco-dialog-box').first();
}

async function clickDialogButton(p: Page, label: RegExp, what: string): Promise<string> {
  const box = dialog(p);
  await box.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const text = await box.innerText();
  const button = box.locator('.monaco-button', { hasText: label }).first();
  await waitFor(() => button.isVisible(), { timeoutMs: UI_TIMEOUT, what, describe: async () => `dialog text: ${text}\n${context()}` });
  await button.click();
  return text;
}

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
  ensureInstalled();
  requireFile(VSIX, 'run `npm run package` (npm run test:e2e does) to build dist/mcp-warden.vsix');
  requireFile(MEMORY_SERVER, 'run `npm install` (the devDependency @modelcontextprotocol/server-memory)');
  mkdirSync(OUT, { recursive: true });
  for (const name of readdirSync(OUT)) if (name.startsWith('protect-')) rmSync(join(OUT, name), { force: true });
  // VS Code's MCP client is part of its AI features: they stay on here (the other e2e test turns them off).
  dirs = makeRunDirs('e2e-protect', FIXTURE, { 'chat.disableAIFeatures': false });
  configFile = join(dirs.workspace, '.vscode/mcp.json');
  writeFileSync(
    configFile,
    readFileSync(configFile, 'utf8')
      .replace('__MEMORY_SERVER__', MEMORY_SERVER)
      .replace('__MEMORY_FILE__', join(dirs.base, 'memory.jsonl')),
  );
  originalBytes = readFileSync(configFile);
  const env = isolatedEnv(dirs);
  assert.equal(env.MCP_WARDEN_HOME, undefined, 'the e2e environment must not set MCP_WARDEN_HOME: the audit log is expected under the fake HOME');

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
    { env, logFile: join(OUT, 'protect-code-server.log') },
  );
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, server);
  browser = await launchChromium(join(dirs.base, 'chromium'));
  await browser.page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}`);
  await waitFor(() => browser!.page.locator('.monaco-workbench .explorer-folders-view .monaco-list-row[aria-label=".vscode"]').isVisible(), {
    timeoutMs: 120_000,
    what: 'the VS Code workbench to show the workspace folder in the Explorer',
    describe: async () => `page title: ${await browser!.page.title()}\n${context()}`,
  });
  await shot('01-workbench');
});

after(async () => {
  if (browser) writeFileSync(join(OUT, 'protect-browser-console.log'), browser.console.join('\n'));
  await browser?.close();
  await server?.stop();
  if (dirs && process.env.MCP_WARDEN_KEEP !== '1') rmSync(dirs.base, { recursive: true, force: true });
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

  const first = await clickDialogButton(p, /^Show Changes$/, 'the confirmation to offer "Show Changes"');
  assert.match(first, /Protect 1 server in 1 file\?/);
  assert.match(first, /\.vscode\/mcp\.json/);
  assert.match(first, new RegExp(SERVER));
  // The diff editor of the dry run opens behind the dialog that asks again.
  await p.locator('.monaco-diff-editor').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await dialog(p).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await shot('04-show-changes');
  assert.equal(readFileSync(configFile).compare(originalBytes!), 0, 'nothing may be written before the user confirms');
  await clickDialogButton(p, /^Protect$/, 'the confirmation to offer "Protect"');

  const proxy = join(dirs!.home, '.mcp-warden/bin/warden-proxy.cjs');
  await waitFor(() => readFileSync(configFile, 'utf8').includes('warden-proxy.cjs'), { timeoutMs: UI_TIMEOUT, what: '.vscode/mcp.json to launch the Warden proxy', describe: context });
  const text = readFileSync(configFile, 'utf8');
  assert.ok(text.includes(JSON.stringify(proxy)), `the entry should launch ${proxy}:\n${text}`);
  assert.ok(existsSync(proxy), `the proxy should be installed at ${proxy}`);
  assert.ok(text.includes(JSON.stringify(MEMORY_SERVER)), 'the original command stays readable after "--"');
  // The notification names the next step and the way back.
  const toast = p.locator('.notification-toast', { hasText: 'Protected' }).first();
  await toast.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const message = await toast.innerText();
  assert.match(message, /trust the server again/);
  assert.match(message, /Unprotect/);
  await serverRow(p, /protected/, `the Servers view to show "${SERVER}" protected`);
  await shot('05-protected');
  t.diagnostic(`protected: ${text.split('\n').find((line) => line.includes('warden-proxy'))?.trim()}`);
});

test('VS Code starts the protected server through the proxy: initialize and tools/list pass it', async (t) => {
  const p = page();
  // Close the diff editor so the MCP UI is not hidden behind it.
  await runCommand(p, 'View: Close All Editors');
  await runCommand(p, 'MCP: List Servers');
  const serverItem = p.locator('.quick-input-widget .monaco-list-row', { hasText: SERVER }).first();
  await waitFor(() => serverItem.isVisible(), {
    timeoutMs: UI_TIMEOUT,
    what: `"MCP: List Servers" to list "${SERVER}"`,
    describe: async () => {
      await shot('fail-list-servers');
      return `quick pick rows: ${JSON.stringify(await p.locator('.quick-input-widget .monaco-list-row').allInnerTexts())}\n${context()}`;
    },
  });
  await shot('06-list-servers');
  await serverItem.click();
  const start = p.locator('.quick-input-widget .monaco-list-row', { hasText: /Start Server/ }).first();
  await waitFor(() => start.isVisible(), {
    timeoutMs: UI_TIMEOUT,
    what: `the actions of "${SERVER}" to offer "Start Server"`,
    describe: async () => {
      await shot('fail-server-actions');
      return `quick pick rows: ${JSON.stringify(await p.locator('.quick-input-widget .monaco-list-row').allInnerTexts())}\n${context()}`;
    },
  });
  await shot('07-server-actions');
  await start.click();

  // VS Code asks to trust a server whose configuration is new or changed: accept, as a person would.
  let trusted = false;
  const records = await waitFor(
    async () => {
      if (!trusted && (await dialog(p).isVisible().catch(() => false))) {
        await shot('08-trust-dialog');
        const text = await dialog(p).innerText();
        t.diagnostic(`VS Code asked: ${text.replace(/\s+/g, ' ').slice(0, 300)}`);
        const button = dialog(p).locator('.monaco-button', { hasText: /^(Trust|Allow|Start)/ }).first();
        if (await button.isVisible()) {
          await button.click();
          trusted = true;
        }
      }
      const all = auditRecords();
      const methods = new Set(all.map((record) => record.method));
      return methods.has('initialize') && methods.has('tools/list') ? all : false;
    },
    {
      timeoutMs: 90_000,
      intervalMs: 500,
      what: 'the proxy audit log to record initialize and tools/list of the server VS Code started',
      describe: async () => {
        await shot('fail-start');
        return `audit log ${auditFile()}: ${existsSync(auditFile()) ? tail(readFileSync(auditFile(), 'utf8'), 20) : '(none)'}\n${context()}`;
      },
    },
  );
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
      what: 'VS Code\'s MCP output channel to report the tools it discovered',
      describe: async () => {
        await shot('fail-discovered');
        return `panel text: ${await panel.innerText().catch(() => '(no panel)')}\n${context()}`;
      },
    },
  );
  t.diagnostic(`VS Code: ${discovered}`);

  // VS Code shows the server running: "MCP: List Servers" says so.
  await waitFor(
    async () => {
      await runCommand(p, 'MCP: List Servers');
      const row = p.locator('.quick-input-widget .monaco-list-row', { hasText: SERVER }).first();
      await row.waitFor({ state: 'visible', timeout: 10_000 });
      const text = await row.innerText();
      await p.keyboard.press('Escape');
      return /running|tools?/i.test(text) ? text : false;
    },
    { timeoutMs: UI_TIMEOUT, intervalMs: 1000, what: `"MCP: List Servers" to show "${SERVER}" running`, describe: context },
  ).then(
    (text) => t.diagnostic(`MCP: List Servers shows: ${text.replace(/\s+/g, ' ')}`),
    (error: Error) => t.diagnostic(`could not read the running state from the quick pick: ${error.message.split('\n')[0]}`),
  );
  await runCommand(p, 'MCP: List Servers');
  await shot('09-running');
  await p.keyboard.press('Escape');
});

test('unprotect from the command palette gives .vscode/mcp.json back byte for byte', async () => {
  const p = page();
  await runCommand(p, 'MCP Warden: Unprotect All Servers');
  const text = await clickDialogButton(p, /^Unprotect$/, 'the confirmation to offer "Unprotect"');
  assert.match(text, /Unprotect 1 server in 1 file\?/);
  await waitFor(() => readFileSync(configFile).compare(originalBytes!) === 0, {
    timeoutMs: UI_TIMEOUT,
    what: '.vscode/mcp.json to be identical to the original',
    describe: () => `now:\n${readFileSync(configFile, 'utf8')}\n${context()}`,
  });
  await serverRow(p, /^(?![\s\S]*\bprotected\b)/, `the Servers view to show "${SERVER}" without "protected"`);
  await shot('10-unprotected');
});
