// Cross-server detection through the built proxy with the SDK's real Client and two real SDK
// servers (fixtures/two-servers.mjs): the proxy learns the other server's tools from the pin
// store, so a description that tells the model how to use them is withheld, a duplicate tool
// name is reported, and a description that only uses the other server's name as a word passes.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { connect, proxied, tempDir, waitFor, type Launch } from '../proxy/helpers.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/two-servers.mjs');
const server = (role: 'mail' | 'notes'): Launch => ({ command: process.execPath, args: [FIXTURE, role] });
// Server ids as `protect` writes them: client:scope:path:name.
const MAIL_ID = 'cursor:user:/home/dev/.cursor/mcp.json:mail';
const NOTES_ID = 'cursor:user:/home/dev/.cursor/mcp.json:notes';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function stateDir(): string {
  const dir = tempDir('warden-cross-server-');
  dirs.push(dir);
  return dir;
}

type Row = { type?: string; serverId?: string; notes?: string[] };
function notesOf(dir: string, serverId: string): string[] {
  const rows = readFileSync(path.join(dir, 'audit', 'audit.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Row);
  return rows.filter((row) => row.serverId === serverId).flatMap((row) => row.notes ?? []);
}
const sessionEnded = (dir: string, serverId: string) => (): boolean => {
  try {
    return readFileSync(path.join(dir, 'audit', 'audit.jsonl'), 'utf8').split('\n').some((line) => line.includes('"session-end"') && line.includes(JSON.stringify(serverId)));
  } catch {
    return false;
  }
};

async function listThrough(dir: string, role: 'mail' | 'notes', id: string): Promise<{ names: string[]; call: (name: string) => Promise<unknown> ; close: () => Promise<void> }> {
  const { client } = await connect(await proxied(server(role), dir, ['--no-hub'], id));
  const { tools } = await client.listTools();
  return { names: tools.map((t) => t.name).sort(), call: (name) => client.callTool({ name, arguments: { note: 'x' } }), close: () => client.close() };
}

describe('cross-server detection in the proxy', () => {
  test('with mail pinned, the notes server’s shadowing description is withheld, its duplicate send_email reported, its plain use of "mail" passes', async () => {
    const dir = stateDir();
    const mail = await listThrough(dir, 'mail', MAIL_ID);
    assert.deepEqual(mail.names, ['list_folders', 'send_email'], 'nothing else is pinned yet: mail passes untouched');
    await mail.close();
    await waitFor(sessionEnded(dir, MAIL_ID), 5_000, 'mail session-end');

    const notes = await listThrough(dir, 'notes', NOTES_ID);
    try {
      assert.deepEqual(notes.names, ['list_notes', 'send_email'], 'save_note is withheld');
      await assert.rejects(notes.call('save_note'), /MCP Warden withheld tool "save_note".*cross-server-reference/);
    } finally {
      await notes.close();
    }
    await waitFor(sessionEnded(dir, NOTES_ID), 5_000, 'notes session-end');
    const notesNotes = notesOf(dir, NOTES_ID);
    assert.ok(notesNotes.some((n) => /^detect definitions block: cross-server-reference \(high\) at tools\[0\]\.description \[\d+,\d+\]: .*`send_email` of server `mail`/.test(n)), notesNotes.join('\n'));
    assert.ok(notesNotes.some((n) => /^detect definitions warn: duplicate-tool-name \(medium\) at tools\[1\]\.name .*offered by `mail`/.test(n)), notesNotes.join('\n'));
    assert.ok(!notesNotes.some((n) => n.includes('tools[2]')), `list_notes ("a mail to a friend") is not flagged:\n${notesNotes.join('\n')}`);

    // And the other way round: mail now knows notes' pinned tools, and its own send_email is the duplicate.
    const again = await listThrough(dir, 'mail', MAIL_ID);
    await again.close();
    await waitFor(() => notesOf(dir, MAIL_ID).some((n) => n.includes('duplicate-tool-name')), 5_000, 'mail duplicate note');
  });

  test('without the mail server pinned, the same notes server passes: the finding comes from the other server’s pins', async () => {
    const dir = stateDir();
    const notes = await listThrough(dir, 'notes', NOTES_ID);
    try {
      assert.deepEqual(notes.names, ['list_notes', 'save_note', 'send_email']);
    } finally {
      await notes.close();
    }
  });
});
