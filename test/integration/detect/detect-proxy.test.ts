// Detection inside the built proxy, with the SDK's real Client and a real SDK server whose
// definitions and results are poisoned (test/fixtures/servers/poisoned-server.mjs).
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { listPinFiles } from '../../../src/core/pins/pin-store.js';
import { PROVENANCE_KEY } from '../../../src/core/proxy/detect-policy.js';
import { connect, proxied, ROOT, tempDir, waitFor, type Launch } from '../proxy/helpers.js';

const POISONED: Launch = { command: process.execPath, args: [path.join(ROOT, 'test/fixtures/servers/poisoned-server.mjs')] };
const TOKEN = `ghp_${'A1b2C3d4E5'.repeat(3)}123456`;
const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function stateDir(settings?: unknown): string {
  const dir = tempDir('warden-detect-test-');
  dirs.push(dir);
  if (settings !== undefined) writeFileSync(path.join(dir, 'detection.json'), JSON.stringify(settings));
  return dir;
}

type Row = Record<string, unknown> & { notes?: string[] };
function audit(dir: string): Row[] {
  try {
    return readFileSync(path.join(dir, 'audit', 'audit.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Row);
  } catch {
    return [];
  }
}
const notesOf = (dir: string): string[] => audit(dir).flatMap((r) => r.notes ?? []);

/** The hash the pin store holds for a tool (the proxy's pin policy wrote it). */
async function pinnedHashOf(dir: string, tool: string): Promise<string> {
  const files = await listPinFiles(dir);
  const item = files.flatMap((entry) => (entry.load.state === 'pinned' ? entry.load.pins.items : [])).find((i) => i.kind === 'tool' && i.key === tool);
  assert.ok(item, `${tool} is pinned`);
  return item.hash;
}
type Text = { type: string; text: string };

describe('detection in the proxy', () => {
  test('defaults: poisoned tools withheld, the clean tool works, an injected result is marked, a leaked token is warned about', async () => {
    const dir = stateDir();
    const { client } = await connect(await proxied(POISONED, dir, ['--no-hub'], 'poisoned'));
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), ['echo', 'forecast', 'weather']);

      const echo = await client.callTool({ name: 'echo', arguments: { text: 'hello' } });
      assert.deepEqual(echo.content, [{ type: 'text', text: 'hello' }]);
      assert.equal(echo._meta, undefined, 'an untouched result keeps its bytes (provenance: true adds _meta to those too)');

      const weather = await client.callTool({ name: 'weather', arguments: { city: 'Berlin' } });
      const content = weather.content as Text[];
      assert.equal(content.length, 2);
      assert.match(content[0]!.text, /^\[MCP Warden notice\].*tool "weather" of MCP server "poisoned".*Treat it as data/s);
      assert.match(content[1]!.text, /ignore all previous instructions/);
      assert.equal((weather._meta as Record<string, { action: string }>)[PROVENANCE_KEY]!.action, 'mark');

      // Structured content survives untouched.
      const forecast = await client.callTool({ name: 'forecast', arguments: { city: 'Oslo' } });
      assert.deepEqual(forecast.structuredContent, { city: 'Oslo', summary: 'sunny' });

      // A withheld tool called anyway is refused by Warden, not run.
      await assert.rejects(client.callTool({ name: 'add_numbers', arguments: { a: 1, b: 2 } }), /MCP Warden withheld tool "add_numbers"/);

      const leak = await client.callTool({ name: 'echo', arguments: { text: `token ${TOKEN}` } });
      assert.equal((leak.content as Text[])[0]!.text, `token ${TOKEN}`, 'arguments: warn leaves the call unchanged');
    } finally {
      await client.close();
    }
    await waitFor(() => audit(dir).some((r) => r.type === 'session-end'), 5_000, 'session-end');
    const notes = notesOf(dir);
    assert.ok(notes.some((n) => /^detect definitions block: .*hidden-tag-characters \(high\) at tools\[\d\]\.description/.test(n)), notes.join('\n'));
    assert.ok(notes.some((n) => /^detect definitions block: instruction-tag \(high\) at tools\[\d\]\.description/.test(n)), notes.join('\n'));
    assert.ok(notes.some((n) => /^detect responses mark: instruction-override \(high\) at result\.content\[0\]\.text .*\(tools\/call weather\)/.test(n)), notes.join('\n'));
    assert.ok(notes.some((n) => /^detect arguments warn: argument-secret \(high\) at params\.arguments\.text .*\(tools\/call echo\)/.test(n)), notes.join('\n'));
    assert.ok(!readFileSync(path.join(dir, 'audit', 'audit.jsonl'), 'utf8').includes(TOKEN), 'the audit log never holds the token');
  });

  test('detection.json: redact a result, block another tool’s result, and let a server’s definitions through as warnings', async () => {
    const dir = stateDir({ servers: { poisoned: { definitions: { high: 'warn' }, responses: { high: 'redact' }, tools: { forecast: { responses: { low: 'block', medium: 'block', high: 'block' } } } } } });
    const { client } = await connect(await proxied(POISONED, dir, ['--no-hub'], 'poisoned'));
    try {
      const { tools } = await client.listTools();
      assert.equal(tools.length, 5, 'definitions only warned about');
      const weather = await client.callTool({ name: 'weather', arguments: { city: 'Berlin' } });
      const text = (weather.content as Text[])[0]!.text;
      assert.match(text, /^The forecast for Berlin is sunny/);
      assert.match(text, /\[MCP Warden redacted: instruction-override\]/);
      assert.doesNotMatch(text, /ignore all previous instructions/);
    } finally {
      await client.close();
    }
    await waitFor(() => audit(dir).some((r) => r.type === 'session-end'), 5_000, 'session-end');
    assert.ok(notesOf(dir).some((n) => n.startsWith('detect definitions warn: ')));
  });

  test('provenance: true puts _meta on every tools/call result, untouched ones included, with the hash the tool is pinned by', async () => {
    const dir = stateDir({ provenance: true });
    const { client } = await connect(await proxied(POISONED, dir, ['--no-hub'], 'poisoned'));
    try {
      // Called before any list in this state directory: nothing is pinned yet, so no hash.
      const early = await client.callTool({ name: 'echo', arguments: { text: 'hello' } });
      assert.deepEqual(early.content, [{ type: 'text', text: 'hello' }]);
      assert.deepEqual((early._meta as Record<string, unknown>)[PROVENANCE_KEY], { server: 'poisoned', tool: 'echo', verdict: 'pass', action: 'pass' });

      await client.listTools(); // trust on first use: the pin policy pins the list
      const pinned = await pinnedHashOf(dir, 'echo');
      assert.match(pinned, /^sha256:[0-9a-f]{64}$/);
      const echo = await client.callTool({ name: 'echo', arguments: { text: 'again' } });
      assert.deepEqual((echo._meta as Record<string, unknown>)[PROVENANCE_KEY], { server: 'poisoned', tool: 'echo', pinnedHash: pinned, verdict: 'pass', action: 'pass' });
      // A result Warden marks carries it too (without provenance: true as well, see the first test).
      const weather = await client.callTool({ name: 'weather', arguments: { city: 'Berlin' } });
      const meta = (weather._meta as Record<string, Record<string, unknown>>)[PROVENANCE_KEY]!;
      assert.equal(meta.action, 'mark');
      assert.equal(meta.pinnedHash, await pinnedHashOf(dir, 'weather'));
    } finally {
      await client.close();
    }
  });

  test('block setting: an injected tools/call result becomes an isError result naming MCP Warden and the rule', async () => {
    const dir = stateDir({ responses: { high: 'block' } });
    const { client } = await connect(await proxied(POISONED, dir, ['--no-hub'], 'poisoned'));
    try {
      const weather = await client.callTool({ name: 'weather', arguments: { city: 'Berlin' } });
      assert.equal(weather.isError, true);
      assert.match((weather.content as Text[])[0]!.text, /^MCP Warden blocked the result of tool "weather".*instruction-override/);
    } finally {
      await client.close();
    }
  });

  test('--detect off overrides the settings file: everything passes as the server sent it', async () => {
    const dir = stateDir({ responses: { high: 'block' } });
    const { client } = await connect(await proxied(POISONED, dir, ['--no-hub', '--detect', 'off'], 'poisoned'));
    try {
      assert.equal((await client.listTools()).tools.length, 5);
      const weather = await client.callTool({ name: 'weather', arguments: { city: 'Berlin' } });
      assert.equal((weather.content as Text[]).length, 1);
      assert.equal(weather._meta, undefined);
    } finally {
      await client.close();
    }
  });
});
