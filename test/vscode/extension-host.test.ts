// Extension-host tests: runs test/vscode/suite/*.suite.ts inside a real VS Code 1.139 extension
// host, offline (the role @vscode/test-electron plays for projects with internet).
//
// How it works: the suites are bundled with esbuild into test-results/vscode/suite/index.js;
// the VS Code server from the code-server npm package (.tools/, see
// scripts/vscode-host/install.sh) starts with --enable-smoke-test-driver under Node 24;
// Chromium opens the workbench with a `payload` naming this repository as
// extensionDevelopmentPath and the bundle as extensionTestsPath, so VS Code loads the extension
// in development mode and calls the bundle's run(). run() writes results.json; this file waits
// for it and reports each in-host test as a subtest.
//
// ADDING A SUITE: create test/vscode/suite/<topic>.suite.ts:
//
//   import * as assert from 'node:assert/strict';
//   import * as vscode from 'vscode';
//   import { suite, test } from './framework.js';
//   suite('topic', () => {
//     test('does a thing', async () => { assert.ok(vscode.window); }, /* timeoutMs */ 30_000);
//   });
//
// Every *.suite.ts is picked up automatically (in file-name order). The workspace VS Code opens
// is a temp copy of test/fixtures/vscode-workspace/ (its path: vscode.workspace.workspaceFolders);
// HOME is a fresh temp dir. Run: `npm run test:vscode` (packages first) or, after
// `npm run package`, `node scripts/run-tests.mjs vscode`.
// Env: MCP_WARDEN_VSCODE_EXTENSION=<dir> loads another extension folder (harness self-checks);
// MCP_WARDEN_KEEP=1 keeps the temp dirs.
import { test, before, after } from 'node:test';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostResults } from './suite/framework.js';
import {
  ROOT,
  NODE24,
  VSCODE_SERVER_MAIN,
  ensureInstalled,
  freePort,
  isolatedEnv,
  launchChromium,
  makeRunDirs,
  requireFile,
  startProcess,
  tail,
  vscodeLogs,
  waitFor,
  waitForHttp,
  type Browser,
  type ManagedProcess,
  type RunDirs,
} from '../../scripts/vscode-host/harness.js';
import { RESULTS_FILE, SUITE_ENTRY, SUITE_OUT, VSCODE_RESULTS_DIR as OUT, bundleSuites, mapStack } from '../../scripts/vscode-host/suites.js';

const EXTENSION_PATH = process.env.MCP_WARDEN_VSCODE_EXTENSION ?? ROOT;
const TIMEOUT_MS = Number(process.env.MCP_WARDEN_VSCODE_TIMEOUT_MS ?? 240_000);

let server: ManagedProcess | undefined;
let browser: Browser | undefined;
let dirs: RunDirs | undefined;

function readResults(): HostResults | undefined {
  try {
    return JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as HostResults;
  } catch {
    return undefined;
  }
}

before(async () => {
  ensureInstalled();
  requireFile(join(EXTENSION_PATH, 'package.json'), 'extension folder to test');
  if (EXTENSION_PATH === ROOT) requireFile(join(ROOT, 'dist/extension.cjs'), 'run `npm run package` (npm run test:vscode does) before this layer');
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  await bundleSuites();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dirs && process.env.MCP_WARDEN_KEEP !== '1') rmSync(dirs.base, { recursive: true, force: true });
});

test('VS Code extension host', { timeout: TIMEOUT_MS + 60_000 }, async (t) => {
  const started = Date.now();
  dirs = makeRunDirs('vscode', join(ROOT, 'test/fixtures/vscode-workspace'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  server = startProcess(
    NODE24,
    [
      VSCODE_SERVER_MAIN,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver',
      '--user-data-dir', dirs.userData,
      '--extensions-dir', dirs.extensions,
      '--logsPath', join(dirs.base, 'logs'),
    ],
    { env: isolatedEnv(dirs), logFile: join(OUT, 'server.log') },
  );
  const srv = server;
  await waitForHttp(`${origin}/version`, srv);

  const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(EXTENSION_PATH)],
    ['extensionTestsPath', remote(SUITE_ENTRY)],
  ];
  const url = `${origin}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  browser = await launchChromium(join(dirs.base, 'chromium'));
  const br = browser;
  await br.page.goto(url);

  const describe = async () => {
    await br.page.screenshot({ path: join(OUT, 'failure.png') }).catch(() => undefined);
    writeFileSync(join(OUT, 'browser-console.log'), br.console.join('\n'));
    const partial = readResults();
    return [
      `url: ${url}`,
      `in-host results so far: ${partial ? JSON.stringify(partial.results.map((r) => `${r.ok ? 'ok' : 'FAIL'} ${r.suite} › ${r.name}`)) : '(no results file yet)'}`,
      `--- server output (${srv.exitDescription()}; full log ${join(OUT, 'server.log')})\n${tail(srv.output(), 60)}`,
      `--- VS Code logs\n${vscodeLogs(join(dirs!.base, 'logs'), 40) || '(none)'}`,
      `--- browser console (last 40 of ${br.console.length}; screenshot ${join(OUT, 'failure.png')})\n${br.console.slice(-40).join('\n')}`,
    ].join('\n');
  };
  const results = await waitFor(() => readResults()?.done && readResults(), {
    timeoutMs: TIMEOUT_MS,
    intervalMs: 500,
    what: `the in-host suites to write ${RESULTS_FILE} with done: true`,
    abortIf: () => {
      if (srv.exited()) return `VS Code server ${srv.exitDescription()}`;
      // The extension host reports a suite bundle it cannot load only in the browser console.
      const loadError = br.console.find((l) => l.startsWith('[error]') && l.includes(SUITE_OUT));
      if (loadError && !readResults()) return `the extension host could not load the suites: ${loadError}`;
      return undefined;
    },
    describe,
  });
  writeFileSync(join(OUT, 'browser-console.log'), br.console.join('\n'));
  t.diagnostic(`extension host run took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (results.results.length === 0) throw new Error('the in-host run found no tests');

  for (const r of results.results) {
    await t.test(`${r.suite ? `${r.suite} › ` : ''}${r.name}`, () => {
      if (!r.ok) {
        const err = new Error(`in-host test failed:\n${mapStack(r.error ?? '(no error text)')}`);
        err.stack = err.message;
        throw err;
      }
    });
  }
});
