import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TrafficStore, type TrafficChange } from '../../../src/core/inspector/traffic-store.js';
import { proxyEventSchema, type MessageEvent, type ProxyEvent } from '../../../src/core/proxy/events.js';

function message(sessionId: string, seq: number, extra: Partial<MessageEvent> = {}): MessageEvent {
  return { type: 'message', sessionId, serverId: 'srv', time: 1_000 + seq, seq, direction: 'client-to-server', kind: 'request', method: 'tools/list', id: seq, size: 40, verdict: 'pass', ...extra };
}

function start(sessionId: string, time = 1_000): ProxyEvent {
  return { type: 'session-start', sessionId, serverId: 'srv', time, command: 'node', args: ['server.js'], proxyPid: 10, serverPid: 11 };
}

function end(sessionId: string, time = 5_000): ProxyEvent {
  return { type: 'session-end', sessionId, serverId: 'srv', time, exitCode: 0, signal: null, reason: 'client-closed', durationMs: time - 1_000, messages: 2 };
}

describe('TrafficStore', () => {
  it('builds sessions from start, messages and end, naming servers through describe()', () => {
    const store = new TrafficStore({ describe: (id) => (id === 'srv' ? { serverName: 'memory', client: 'VS Code' } : undefined) });
    store.addMany([start('a'), message('a', 1), message('a', 2, { direction: 'server-to-client', kind: 'error', error: { code: -32601, message: 'nope' } }), end('a')], 'live');
    const [session] = store.sessions();
    assert.equal(session?.serverName, 'memory');
    assert.equal(session?.client, 'VS Code');
    assert.equal(session?.command, 'node');
    assert.equal(session?.exitCode, 0);
    assert.equal(session?.end, 5_000);
    assert.equal(session?.seen, 2);
    assert.equal(session?.errors, 1);
    assert.equal(session?.source, 'live');
    assert.deepEqual(store.messages('a').map((m) => m.seq), [1, 2]);
  });

  it('keeps a message once when both the hub and the audit tail deliver it', () => {
    const store = new TrafficStore();
    store.addMany([start('a'), message('a', 1), message('a', 2)], 'live');
    store.addMany([start('a'), message('a', 1), message('a', 2), message('a', 3)], 'audit');
    assert.deepEqual(store.messages().map((m) => m.seq), [1, 2, 3]);
    assert.equal(store.sessions()[0]?.source, 'live');
    assert.equal(store.sessions().length, 1);
  });

  it('is bounded: the oldest messages go first and keys keep increasing', () => {
    const store = new TrafficStore({ maxMessages: 100 });
    const changes: TrafficChange[] = [];
    store.onChange((change) => changes.push(change));
    for (let seq = 1; seq <= 5_000; seq++) store.add(message('a', seq), 'live');
    assert.equal(store.size, 100);
    const kept = store.messages();
    assert.equal(kept[0]?.seq, 4_901);
    assert.equal(kept.at(-1)?.seq, 5_000);
    assert.ok(kept.every((m, i) => i === 0 || m.key > kept[i - 1]!.key));
    assert.equal(changes.at(-1)?.firstKey, kept[0]?.key);
    assert.equal(changes.length, 5_000);
  });

  it('drops the oldest ended sessions beyond maxSessions', () => {
    const store = new TrafficStore({ maxSessions: 3 });
    for (let n = 0; n < 5; n++) store.addMany([start(`s${n}`, 1_000 + n), end(`s${n}`, 2_000 + n)], 'audit');
    store.add(start('running', 500), 'live');
    const ids = store.sessions().map((s) => s.sessionId);
    assert.equal(ids.length, 3);
    assert.ok(ids.includes('running'), 'a running session outlives ended ones');
    assert.ok(ids.includes('s4'));
  });

  it('exports a session as JSONL of valid proxy events in order', () => {
    const store = new TrafficStore();
    store.addMany([start('a'), message('a', 1), message('b', 1), message('a', 2), { type: 'warning', sessionId: 'a', serverId: 'srv', time: 1_500, message: 'odd' }, end('a')], 'live');
    const text = store.exportSession('a')!;
    const events = text.trimEnd().split('\n').map((line) => proxyEventSchema.parse(JSON.parse(line)));
    assert.deepEqual(events.map((e) => e.type), ['session-start', 'message', 'message', 'warning', 'session-end']);
    assert.ok(events.every((e) => e.sessionId === 'a'));
    assert.ok(!text.includes('"key"'), 'store keys stay out of the export');
    assert.equal(store.exportSession('missing'), undefined);
  });

  it('creates a session for messages whose start it never saw', () => {
    const store = new TrafficStore();
    store.add(message('late', 7), 'audit');
    const session = store.session('late');
    assert.equal(session?.start, 1_007);
    assert.equal(session?.command, undefined);
    assert.equal(session?.source, 'audit');
  });
});
