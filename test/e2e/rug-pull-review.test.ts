// End-to-end: protected servers rug-pull and the person reviews the change, in real VS Code.
// Same host as protect-and-start.test.ts (code-server in Chromium via playwright-core, packaged
// extension). The workspace (temp copy of test/fixtures/rug-pull-workspace) has two stdio servers
// built on test/fixtures/servers/rug-pull.mjs; "MCP Warden: Protect All Servers" + confirm protects both.
//
// Across a restart ("rug-pull", unicode-tag scenario, stage read from a file at start): "MCP: List
// Servers" → Start Server: the proxy pins its tools on first sight (audit: tools/list) → the stage
// file switches to the variant whose `echo` description hides a Unicode tag sequence → Restart
// Server → the Warden notification "… — blocked until reviewed" → Review → a diff showing ⟦U+E00…⟧
// → Approve in the editor title → nothing pending in <HOME>/.mcp-warden/pins/*.json, the pins
// withhold nothing, and the message after Approve says that detection still blocks `echo`
// (hidden-tag-characters), as it does by design.
//
// Live ("rug-pull-live", benign-nested scenario, polls its stage file): Start Server → VS Code's
// output channel of the server reports "Discovered 5 tools" → the stage file switches while VS
// Code stays connected: the server sends notifications/tools/list_changed, VS Code lists again and
// the proxy withholds the changed `read` ("Discovered 4 tools") → the notification → Review → the
// diff holds both versions of the nested parameter description → Approve → the proxy tells VS Code
// to list again and VS Code reports "Discovered 5 tools", with no restart (one initialize only).
// Screenshots go to test-results/e2e/rug-pull-*.png.
//
// Run: after `npm run package`, `node scripts/run-tests.mjs e2e`. MCP_WARDEN_KEEP=1 keeps the temp dirs.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, waitFor } from '../../scripts/vscode-host/harness.js';
import {
  acceptTrustDialog,
  auditRecords,
  auditTail,
  clickDialogButton,
  mcpServerAction,
  openSession,
  runCommand,
  UI_TIMEOUT,
  sessionAccessors,
  type E2ESession,
} from '../../scripts/vscode-host/e2e-session.js';

const FIXTURE = join(ROOT, 'test/fixtures/rug-pull-workspace');
const LAUNCHER = join(FIXTURE, 'rug-pull-from-file.mjs');
const SERVER = 'rug-pull';
const LIVE = 'rug-pull-live';

let session: E2ESession | undefined;
let stageFile = '';
let liveStageFile = '';

const { page, shot, context } = sessionAccessors(() => session);

/** The pin files of the fake HOME, parsed. */
function pinFiles(): Array<{ pending?: Array<{ kind: string; key: string; seenBy?: string }>; items?: unknown; serverIds?: string[] }> {
  const folder = join(session!.dirs.home, '.mcp-warden/pins');
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

/** Pending items (`kind:key`) of the pin files a server (by config name) uses. */
function pendingKeys(server: string): string[] {
  return pinFiles()
    .filter((pins) => (pins.serverIds ?? []).some((id) => id.endsWith(`:${server}`)) || (pins.pending ?? []).some((record) => record.seenBy?.endsWith(`:${server}`)))
    .flatMap((pins) => (pins.pending ?? []).map((record) => `${record.kind}:${record.key}`));
}

/** Audit records of one server (by config name) recorded at or after `since`. */
function recordsOf(server: string, since = 0): Array<Record<string, unknown>> {
  return auditRecords(session!.dirs).filter((record) => String(record.serverId ?? '').endsWith(`:${server}`) && Date.parse(String(record.ts)) >= since);
}

/** Waits for a tools/list of the server recorded after `since` (accepting VS Code's trust dialog if it asks). */
async function waitForToolsList(server: string, since: number, what: string): Promise<Array<Record<string, unknown>>> {
  return waitFor(
    async () => {
      await acceptTrustDialog(page());
      const fresh = recordsOf(server, since);
      return fresh.some((record) => record.method === 'tools/list') ? fresh : false;
    },
    { timeoutMs: 90_000, intervalMs: 500, what, describe: async () => (await shot('fail-tools-list'), context()) },
  );
}

/** The Warden notification toast about a server's pending change. */
async function changeToast(server: string, name: string): Promise<{ message: string; review: () => Promise<void> }> {
  const p = page();
  const toast = p.locator('.notification-toast', { hasText: new RegExp(`Server ${server}:[^\\n]*blocked until reviewed`) }).first();
  await waitFor(() => toast.isVisible(), {
    timeoutMs: 90_000,
    intervalMs: 500,
    what: `the Warden notification "Server ${server}: … blocked until reviewed"`,
    describe: async () => (await shot(`fail-${name}`), `pending: ${JSON.stringify(pendingKeys(server))}\n${context()}`),
  });
  const message = (await toast.innerText()).replace(/\s+/g, ' ');
  const buttons = (await toast.locator('.monaco-button').allInnerTexts()).map((text) => text.trim());
  assert.deepEqual(buttons, ['Review', 'Approve all', 'Keep blocked'], 'the notification offers its three choices');
  await shot(name);
  return {
    message,
    review: async () => {
      const button = toast.locator('.monaco-button', { hasText: /^Review$/ }).first();
      await button.click({ timeout: UI_TIMEOUT });
    },
  };
}

/** The text of the two sides of the diff editor on screen, once `ready` accepts them. */
async function diffSides(ready: (original: string, modified: string) => boolean, name: string): Promise<{ original: string; modified: string }> {
  const p = page();
  const side = (which: string) => p.locator(`.monaco-diff-editor .editor.${which} .view-lines`).first();
  const read = async (which: string) => (await side(which).innerText().catch(() => '')).replace(/\u00a0/g, ' ');
  return waitFor(
    async () => {
      const original = await read('original');
      const modified = await read('modified');
      return ready(original, modified) ? { original, modified } : false;
    },
    { timeoutMs: UI_TIMEOUT, what: 'the review diff editor to show both versions', describe: async () => (await shot(`fail-${name}`), `original:\n${await read('original')}\nmodified:\n${await read('modified')}\n${context()}`) },
  );
}

async function clickApprove(): Promise<void> {
  const approve = page().locator('.part.editor .editor-actions .action-label[aria-label*="Approve"], .part.editor .title-actions .action-label[aria-label*="Approve"]').first();
  await approve.click({ timeout: UI_TIMEOUT });
}

/** The last "Discovered N tools" line of the output channel on screen (VS Code's log of the server). */
async function discoveredTools(): Promise<number | undefined> {
  const text = await page().locator('.part.panel').innerText().catch(() => '');
  const counts = [...text.matchAll(/Discovered\s+(\d+)\s+tools?/g)].map((match) => Number(match[1]));
  return counts.at(-1);
}

async function waitForDiscovered(count: number, what: string, name: string): Promise<void> {
  await waitFor(async () => (await discoveredTools()) === count, {
    timeoutMs: 90_000,
    intervalMs: 500,
    what,
    describe: async () => (await shot(`fail-${name}`), `panel: ${await page().locator('.part.panel').innerText().catch(() => '(no panel)')}\n${context()}`),
  });
}

before(async () => {
  session = await openSession({
    prefix: 'rug-pull-',
    fixture: FIXTURE,
    // VS Code's MCP client is part of its AI features: they stay on here.
    settings: { 'chat.disableAIFeatures': false },
    prepare: (dirs) => {
      stageFile = join(dirs.base, 'rug-stage');
      liveStageFile = join(dirs.base, 'rug-stage-live');
      writeFileSync(stageFile, '0\n');
      writeFileSync(liveStageFile, '0\n');
      const configFile = join(dirs.workspace, '.vscode/mcp.json');
      writeFileSync(
        configFile,
        readFileSync(configFile, 'utf8').replaceAll('__RUG_PULL_SERVER__', LAUNCHER).replace('__STAGE_FILE__', stageFile).replace('__LIVE_STAGE_FILE__', liveStageFile),
      );
    },
    describe: () => (session ? auditTail(session.dirs) : ''),
  });
});

after(async () => {
  await session?.close();
});

test('protect and start: the proxy pins the tools on first sight', async () => {
  const p = page();
  const configFile = join(session!.dirs.workspace, '.vscode/mcp.json');
  await waitFor(
    async () => {
      await runCommand(p, 'MCP Warden: Protect All Servers', 5_000).catch(() => p.locator('.monaco-workbench').click({ position: { x: 600, y: 300 } }).catch(() => undefined));
      const box = p.locator('.monaco-dialog-box').first();
      return box.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
    },
    { timeoutMs: 90_000, intervalMs: 1000, what: 'the Protect All Servers confirmation', describe: context },
  );
  const text = await clickDialogButton(session!, /^Protect$/, 'the confirmation to offer "Protect"');
  assert.match(text, /Protect 2 servers/);
  await waitFor(() => readFileSync(configFile, 'utf8').split('warden-proxy.cjs').length === 3, { timeoutMs: UI_TIMEOUT, what: '.vscode/mcp.json to launch both servers through the Warden proxy', describe: context });

  const since = Date.now();
  await mcpServerAction(session!, SERVER, /Start Server/, '01-start');
  await waitForToolsList(SERVER, since, 'the audit log to record the first tools/list');
  await waitFor(() => pinFiles().some((pins) => JSON.stringify(pins.items ?? pins).includes('echo')), {
    timeoutMs: UI_TIMEOUT,
    what: 'a pin file holding the tool "echo"',
    describe: () => `${JSON.stringify(pinFiles())}\n${context()}`,
  });
  assert.deepEqual(pendingKeys(SERVER), [], 'nothing is pending on first sight');
  await shot('02-started');
});

test('the server hides a Unicode tag sequence after a restart: notification, diff with ⟦U+E00…⟧, Approve', async (t) => {
  const p = page();
  writeFileSync(stageFile, '1\n');
  await mcpServerAction(session!, SERVER, /Restart Server/, '03-restart');

  const toast = await changeToast(SERVER, '04-notification');
  t.diagnostic(`notification: ${toast.message}`);
  assert.match(toast.message, new RegExp(`Server ${SERVER}: 1 tool changed`));
  assert.deepEqual(pendingKeys(SERVER), ['tool:echo']);
  await toast.review();

  const { modified } = await diffSides((_, offered) => offered.includes('⟦U+E00'), 'diff');
  // The offered side opens by saying that approval alone will not bring `echo` back.
  // (Line by line: the rendered lines of an editor are not guaranteed to be in document order.)
  for (const line of ['⚠ MCP Warden: approving will not unblock this.', "Warden's detection still blocks this tool:", 'hidden-tag-characters (block).']) {
    assert.ok(modified.includes(line), `the offered side should say "${line}":\n${modified}`);
  }
  t.diagnostic(`offered: ${modified.split('\n').find((line) => line.includes('⟦U+E00'))?.slice(0, 160)}`);
  await shot('05-review-diff');

  await clickApprove();
  const approvedAt = Date.now();
  await waitFor(() => pendingKeys(SERVER).length === 0, { timeoutMs: UI_TIMEOUT, what: 'the pin file to list nothing pending', describe: () => `${JSON.stringify(pinFiles())}\n${context()}` });
  // Approving re-pins; Warden's detection still withholds `echo` for its hidden tag characters, and says so.
  const approved = p.locator('.notification-toast', { hasText: /Approved tool echo/ }).first();
  await approved.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const approvedText = (await approved.innerText()).replace(/\s+/g, ' ');
  t.diagnostic(`after Approve: ${approvedText}`);
  assert.match(approvedText, /detection still blocks/);
  assert.match(approvedText, /hidden-tag-characters/);
  await shot('06-approved');

  // The proxy tells VS Code to list again; restarting the server lists again in any case.
  await waitForToolsList(SERVER, approvedAt, 'a tools/list after the approval').catch(async () => {
    const since = Date.now();
    await mcpServerAction(session!, SERVER, /Restart Server/, '07-restart-again');
    return waitForToolsList(SERVER, since, 'a tools/list after restarting the approved server');
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const after = recordsOf(SERVER, approvedAt);
  const listed = after.filter((record) => record.method === 'tools/list' && record.kind === 'response');
  assert.ok(listed.length > 0, 'a tools/list response after the approval');
  assert.ok(!after.some((record) => /pins: withheld/.test(JSON.stringify(record))), `the pins withhold nothing after the approval:\n${after.map((record) => JSON.stringify(record)).join('\n')}`);
  for (const record of listed) t.diagnostic(`tools/list after approval: verdict ${String(record.verdict)}; notes ${JSON.stringify(record.notes ?? [])}`);
  assert.deepEqual(pendingKeys(SERVER), []);
});

test('a live change while VS Code is connected: withheld, reviewed, and Approve brings the tool back without a restart', async (t) => {
  const p = page();
  await runCommand(p, 'View: Close All Editors');
  await runCommand(p, 'Notifications: Clear All Notifications');
  const since = Date.now();
  await mcpServerAction(session!, LIVE, /Start Server/, '08-live-start');
  await waitForToolsList(LIVE, since, `the audit log to record the first tools/list of ${LIVE}`);
  // VS Code's own log of the server: its output channel, as "Show Output" opens it.
  await mcpServerAction(session!, LIVE, /Show Output/, '09-live-show-output');
  await waitForDiscovered(5, `VS Code's output channel of ${LIVE} to report "Discovered 5 tools"`, 'live-discovered-5');
  assert.deepEqual(pendingKeys(LIVE), [], 'nothing is pending on first sight');

  // The rug pull, live: the server changes a nested parameter description and sends list_changed.
  writeFileSync(liveStageFile, '1\n');
  const toast = await changeToast(LIVE, '10-live-notification');
  t.diagnostic(`notification: ${toast.message}`);
  assert.match(toast.message, new RegExp(`Server ${LIVE}: 1 tool changed`));
  assert.deepEqual(pendingKeys(LIVE), ['tool:read']);
  await waitForDiscovered(4, 'VS Code to list again and discover 4 tools (the changed `read` withheld)', 'live-discovered-4');
  t.diagnostic('VS Code: Discovered 4 tools while read is withheld');
  await toast.review();

  const sides = await diffSides((original, modified) => /Text encoding/.test(original) && /such as utf8 or latin1/.test(modified), 'live-diff');
  assert.ok(!sides.original.includes('such as utf8 or latin1'), `the pinned side holds the old description:\n${sides.original}`);
  assert.match(sides.original, /^tool read/m);
  await shot('11-live-review-diff');

  await clickApprove();
  const approvedAt = Date.now();
  const approved = p.locator('.notification-toast', { hasText: /Approved tool read/ }).first();
  await approved.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const approvedText = (await approved.innerText()).replace(/\s+/g, ' ');
  t.diagnostic(`after Approve: ${approvedText}`);
  assert.doesNotMatch(approvedText, /detection still blocks/, 'nothing else withholds the benign change');
  assert.deepEqual(pendingKeys(LIVE), []);

  // The proxy sends list_changed; VS Code lists again and sees every tool, the server never restarted.
  await mcpServerAction(session!, LIVE, /Show Output/, '12-live-show-output-again');
  await waitForDiscovered(5, 'VS Code to discover 5 tools again after the approval', 'live-discovered-again');
  const relisted = recordsOf(LIVE, approvedAt).filter((record) => record.method === 'tools/list' && record.kind === 'response');
  assert.ok(relisted.length > 0, 'VS Code listed the tools again after the approval');
  const initializes = recordsOf(LIVE).filter((record) => record.method === 'initialize' && record.kind === 'request');
  assert.equal(initializes.length, 1, 'one session from start to end: no restart');
  await shot('13-live-approved');
});
