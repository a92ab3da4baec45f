// One e2e session in real VS Code: the packaged extension installed with code-server's CLI into
// a fresh user-data dir, code-server serving a temp copy of a fixture workspace, Chromium (via
// playwright-core) on the workbench; plus what every e2e test does there as a person would
// (command palette, modal dialogs, "MCP: List Servers" actions, screenshots, the proxy's audit log).
// Used by test/e2e/*.test.ts; harness.ts holds the lower-level process and browser plumbing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import {
  CODE_SERVER_ENTRY,
  NODE24,
  RESULTS_DIR,
  ROOT,
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
} from './harness.js';

/** The VSIX under test: MCP_WARDEN_E2E_VSIX, else what `npm run package` writes. */
export const VSIX = process.env.MCP_WARDEN_E2E_VSIX ?? join(ROOT, 'dist/mcp-warden.vsix');
/** Screenshots and logs of every e2e file, each under its own name prefix. */
export const E2E_OUT = join(RESULTS_DIR, 'e2e');
export const UI_TIMEOUT = 60_000;

export interface SessionOptions {
  /** File-name prefix of this test's screenshots and logs in test-results/e2e/ (e.g. `protect-`). */
  prefix: string;
  /** Fixture workspace folder, copied to a temp dir. */
  fixture: string;
  /** VS Code user settings on top of makeRunDirs' quiet defaults. */
  settings?: Record<string, unknown>;
  /** Runs on the temp copy before VS Code starts (fill placeholders of the fixture). */
  prepare?: (dirs: RunDirs) => void;
  /** Extra text for failure messages (e.g. the audit log tail). */
  describe?: () => string;
}

export interface E2ESession {
  readonly dirs: RunDirs;
  readonly page: Page;
  readonly browser: Browser;
  readonly code: ManagedProcess;
  /** Saves test-results/e2e/<prefix><name>.png; never fails the test. */
  shot(name: string): Promise<void>;
  /** Path of a file in test-results/e2e/ under this session's prefix. */
  out(name: string): string;
  /** What a failure message should show: code-server output, browser console, the test's extras. */
  context(): string;
  close(): Promise<void>;
}

/** Removes this prefix's artifacts of an earlier run (other e2e files write beside them). */
function cleanOut(prefix: string): void {
  mkdirSync(E2E_OUT, { recursive: true });
  for (const name of readdirSync(E2E_OUT)) if (name.startsWith(prefix)) rmSync(join(E2E_OUT, name), { recursive: true, force: true });
}

/** Installs the VSIX the way a user would (code-server --install-extension) and checks it landed. */
function installVsix(dirs: RunDirs, env: NodeJS.ProcessEnv, logFile: string): void {
  const install = spawnSync(NODE24, [CODE_SERVER_ENTRY, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', VSIX], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  writeFileSync(logFile, `${install.stdout}\n${install.stderr}`);
  const installed = readdirSync(dirs.extensions).filter((name) => name.startsWith('mcp-warden.mcp-warden-'));
  if (install.status !== 0 || installed.length !== 1) {
    throw new Error(
      `code-server --install-extension ${VSIX} should install mcp-warden.mcp-warden into ${dirs.extensions}; exit ${install.status}, found [${readdirSync(dirs.extensions).join(', ')}]\n${install.stdout}\n${install.stderr}`,
    );
  }
}

/** Starts code-server on the fixture copy and opens it in Chromium; resolves once the Explorer shows `.vscode`. */
export async function openSession(options: SessionOptions): Promise<E2ESession> {
  ensureInstalled();
  requireFile(VSIX, 'run `npm run package` (npm run test:e2e does) to build dist/mcp-warden.vsix');
  cleanOut(options.prefix);
  const out = (name: string) => join(E2E_OUT, `${options.prefix}${name}`);
  const dirs = makeRunDirs(`e2e-${options.prefix.replace(/-$/, '') || 'session'}`, options.fixture, options.settings ?? {});
  options.prepare?.(dirs);
  const env = isolatedEnv(dirs);
  installVsix(dirs, env, out('install-extension.log'));

  const port = await freePort();
  const code = startProcess(
    NODE24,
    [CODE_SERVER_ENTRY, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--disable-telemetry', '--disable-update-check', dirs.workspace],
    { env, logFile: out('code-server.log') },
  );
  let browser: Browser | undefined;
  const context = (): string =>
    [
      `--- code-server output (${code.exitDescription()}; full log ${out('code-server.log')})`,
      tail(code.output(), 40),
      `--- browser console (last 30; full log ${out('browser-console.log')})`,
      (browser?.console ?? []).slice(-30).join('\n'),
      ...(options.describe ? [options.describe()] : []),
    ].join('\n');
  const close = async (): Promise<void> => {
    if (browser) writeFileSync(out('browser-console.log'), browser.console.join('\n'));
    await browser?.close();
    await code.stop();
    if (process.env.MCP_WARDEN_KEEP !== '1') rmSync(dirs.base, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, code);
    browser = await launchChromium(join(dirs.base, 'chromium'));
    const page = browser.page;
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}`);
    await waitFor(() => page.locator('.monaco-workbench .explorer-folders-view .monaco-list-row[aria-label=".vscode"]').isVisible(), {
      timeoutMs: 120_000,
      what: 'the VS Code workbench to show the workspace folder in the Explorer',
      describe: async () => `page title: ${await page.title()}\n${context()}`,
    });
    const opened = browser;
    return {
      dirs,
      page,
      browser: opened,
      code,
      out,
      context,
      close,
      shot: async (name) => {
        await page.screenshot({ path: out(`${name}.png`) }).catch(() => undefined);
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** F1, type the command's title, click its row. */
/**
 * page / shot / context of a test file's session, for a session started in a `before` hook:
 * page() names the hook when it failed to start VS Code; shot and context do nothing then.
 */
export function sessionAccessors(current: () => E2ESession | undefined): { page(): Page; shot(name: string): Promise<void>; context(): string } {
  return {
    page() {
      const session = current();
      if (!session) throw new Error('VS Code not started (see the before hook failure)');
      return session.page;
    },
    async shot(name) {
      await current()?.shot(name);
    },
    context() {
      return current()?.context() ?? '(no session)';
    },
  };
}

export async function runCommand(page: Page, title: string, timeout = UI_TIMEOUT): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout });
  await row.click();
}

/** The modal dialog on screen, if one is. */
export function dialog(page: Page): Locator {
  return page.locator('.monaco-dialog-box').first();
}

/** Waits for the modal dialog, clicks the button whose label matches; returns the dialog's text. */
export async function clickDialogButton(session: E2ESession, label: RegExp, what: string): Promise<string> {
  const box = dialog(session.page);
  await box.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const text = await box.innerText();
  const button = box.locator('.monaco-button', { hasText: label }).first();
  await waitFor(() => button.isVisible(), { timeoutMs: UI_TIMEOUT, what, describe: () => `dialog text: ${text}\n${session.context()}` });
  await button.click();
  return text;
}

/**
 * Accepts VS Code's "trust this MCP server?" dialog when one is on screen, as a person would;
 * returns the dialog's text when it clicked, so a test can report that VS Code asked.
 */
export async function acceptTrustDialog(page: Page): Promise<string | undefined> {
  const box = dialog(page);
  if (!(await box.isVisible().catch(() => false))) return undefined;
  const button = box.locator('.monaco-button', { hasText: /^(Trust|Allow|Start)/ }).first();
  if (!(await button.isVisible().catch(() => false))) return undefined;
  const text = await box.innerText().catch(() => '');
  await button.click();
  return text;
}

/** "MCP: List Servers" → the server → the action whose label matches, screenshot `shotName` before clicking. */
export async function mcpServerAction(session: E2ESession, server: string, action: RegExp, shotName: string): Promise<void> {
  const page = session.page;
  await runCommand(page, 'MCP: List Servers');
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  const item = rows.filter({ hasText: server }).first();
  const describe = async (): Promise<string> => {
    await session.shot(`fail-${shotName}`);
    return `quick pick rows: ${JSON.stringify(await rows.allInnerTexts())}\n${session.context()}`;
  };
  await waitFor(() => item.isVisible(), { timeoutMs: UI_TIMEOUT, what: `"MCP: List Servers" to list "${server}"`, describe });
  await item.click();
  const choice = rows.filter({ hasText: action }).first();
  await waitFor(() => choice.isVisible(), { timeoutMs: UI_TIMEOUT, what: `the actions of "${server}" to offer ${action}`, describe });
  await session.shot(shotName);
  await choice.click();
}

/** The proxy's audit log under the session's fake HOME. */
export function auditFile(dirs: RunDirs): string {
  return join(dirs.home, '.mcp-warden/audit/audit.jsonl');
}

/** The audit log's records, parsed (a line being written is skipped). */
export function auditRecords(dirs: RunDirs): Array<Record<string, unknown>> {
  const file = auditFile(dirs);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
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

/** The last lines of the audit log, for failure messages. */
export function auditTail(dirs: RunDirs, lines = 15): string {
  const file = auditFile(dirs);
  return `--- audit log ${file} (last ${lines})\n${existsSync(file) ? tail(readFileSync(file, 'utf8'), lines) : '(none)'}`;
}
