import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessageEvent, ProxyEvent } from '../../../src/core/proxy/events.js';
import type { Policy, Verdict } from '../../../src/core/proxy/policy.js';
import { Relay, type Peer } from '../../../src/core/proxy/relay.js';
import { ProxySession } from '../../../src/core/proxy/session.js';

function harness(policy?: Policy, options: { maxLineBytes?: number } = {}) {
  const events: ProxyEvent[] = [];
  const sent: Record<Peer, Buffer[]> = { client: [], server: [] };
  let clock = 0;
  const session = new ProxySession({ sessionId: 's1', serverId: 'srv', emit: (e) => events.push(e), monotonic: () => clock, now: () => 1_000 });
  const relay = new Relay({ session, send: (to, bytes) => sent[to].push(bytes), ...(policy ? { policy } : {}), ...options });
  const messages = (): MessageEvent[] => events.filter((e): e is MessageEvent => e.type === 'message');
  const text = (to: Peer): string => Buffer.concat(sent[to]).toString('utf8');
  return { events, sent, session, relay, messages, text, tick: (ms: number) => (clock += ms) };
}

const line = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value)}\n`);

describe('Relay and ProxySession', () => {
  it('forwards the original bytes untouched when the verdict is pass (no re-serialisation)', () => {
    // Odd spacing, key order and escapes that JSON.stringify would normalise.
    const original = Buffer.from('{ "method" : "tools/list", "id":1,"jsonrpc":"2.0" ,"params":{"x":"\\u00e9"}}\r\n');
    const enforcing = harness(() => ({ action: 'pass' }));
    enforcing.relay.push('client-to-server', original.subarray(0, 10));
    assert.equal(enforcing.sent.server.length, 0, 'an enforcing relay waits for the whole line and its verdict');
    enforcing.relay.push('client-to-server', original.subarray(10));
    assert.equal(enforcing.sent.server.length, 1);
    assert.ok(enforcing.sent.server[0]!.equals(original));
  });

  it('without a policy, forwards every chunk at once as it arrived and inspects afterwards', () => {
    const h = harness();
    const original = Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping"}\n{"jsonrpc":"2.0","id":2,"me');
    h.relay.push('client-to-server', original);
    assert.deepEqual(h.sent.server, [original]);
    assert.deepEqual(h.messages().map((m) => [m.method, m.verdict]), [['ping', 'pass']]);
    h.relay.push('client-to-server', Buffer.from('thod":"tools/list"}\n'));
    assert.deepEqual(h.messages().map((m) => m.method), ['ping', 'tools/list']);
  });

  it('pairs client→server requests with responses by id and records latency', () => {
    const h = harness();
    h.relay.push('client-to-server', Buffer.concat([line({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo' } }), line({ jsonrpc: '2.0', id: '1', method: 'ping' })]));
    h.tick(12);
    h.relay.push('server-to-client', line({ jsonrpc: '2.0', id: 1, result: { content: [] } }));
    h.relay.push('server-to-client', line({ jsonrpc: '2.0', id: '1', error: { code: -32601, message: 'nope' } }));
    const [call, ping, result, error] = h.messages();
    assert.equal(call?.subject, 'echo');
    assert.equal(ping?.method, 'ping');
    assert.deepEqual([result?.kind, result?.method, result?.subject, result?.latencyMs], ['response', 'tools/call', 'echo', 12]);
    assert.deepEqual([error?.kind, error?.method, error?.error?.code], ['error', 'ping', -32601]);
    assert.equal(h.session.pendingCount('client-to-server'), 0);
  });

  it('pairs server→client requests (sampling, elicitation, roots) with the client’s responses', () => {
    const h = harness();
    h.relay.push('server-to-client', line({ jsonrpc: '2.0', id: 0, method: 'sampling/createMessage', params: {} }));
    h.relay.push('server-to-client', line({ jsonrpc: '2.0', id: 1, method: 'roots/list' }));
    h.tick(5);
    h.relay.push('client-to-server', line({ jsonrpc: '2.0', id: 1, result: { roots: [] } }));
    h.relay.push('client-to-server', line({ jsonrpc: '2.0', id: 0, result: { role: 'assistant' } }));
    const responses = h.messages().filter((m) => m.kind === 'response');
    assert.deepEqual(responses.map((m) => [m.direction, m.method, m.latencyMs]), [
      ['client-to-server', 'roots/list', 5],
      ['client-to-server', 'sampling/createMessage', 5],
    ]);
    assert.equal(h.session.pendingCount('server-to-client'), 0);
  });

  it('marks cancelled requests and notes unmatched responses', () => {
    const h = harness();
    h.relay.push('client-to-server', line({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'slow' } }));
    h.relay.push('client-to-server', line({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 9, reason: 'user' } }));
    h.relay.push('server-to-client', line({ jsonrpc: '2.0', id: 9, result: {} }));
    h.relay.push('server-to-client', line({ jsonrpc: '2.0', id: 77, result: {} }));
    const [, cancel, late, stray] = h.messages();
    assert.equal(cancel?.cancels, 9);
    assert.equal(late?.cancelled, true);
    assert.match(stray?.notes?.[0] ?? '', /no pending request with id 77/);
  });

  it('relays batches item by item and notes a batch outside the 2025-03-26 era', () => {
    const h = harness();
    h.relay.push('client-to-server', line({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-03-26' } }));
    h.relay.push('server-to-client', line({ jsonrpc: '2.0', id: 0, result: { protocolVersion: '2025-03-26' } }));
    const batch = line([{ jsonrpc: '2.0', id: 1, method: 'ping' }, { jsonrpc: '2.0', method: 'notifications/x' }]);
    h.relay.push('client-to-server', batch);
    assert.ok(h.sent.server.at(-1)!.equals(batch));
    const items = h.messages().filter((m) => m.batch);
    assert.deepEqual(items.map((m) => [m.kind, m.batch?.index, m.batch?.count, m.notes]), [
      ['request', 0, 2, undefined],
      ['notification', 1, 2, undefined],
    ]);

    const late = harness();
    late.relay.push('client-to-server', line({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25' } }));
    late.relay.push('server-to-client', line({ jsonrpc: '2.0', id: 0, result: { protocolVersion: '2025-11-25' } }));
    late.relay.push('client-to-server', batch);
    assert.match(late.messages().at(-2)?.notes?.[0] ?? '', /batch outside/);
  });

  it('relays non-JSON lines and reports them', () => {
    const h = harness();
    h.relay.push('server-to-client', Buffer.from('Starting server...\n'));
    assert.equal(h.text('client'), 'Starting server...\n');
    assert.equal(h.messages()[0]?.kind, 'non-json');
  });

  it('applies a rewrite verdict: the new bytes replace the message', () => {
    const policy: Policy = (message) =>
      message.parsed.kind === 'response' ? { action: 'rewrite', bytes: Buffer.from('{"jsonrpc":"2.0","id":1,"result":{"rewritten":true}}'), notes: ['redacted'] } : { action: 'pass' };
    const h = harness(policy);
    h.relay.push('client-to-server', line({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x' } }));
    h.relay.push('server-to-client', line({ jsonrpc: '2.0', id: 1, result: { secret: 'sk-...' } }));
    assert.equal(h.text('client'), '{"jsonrpc":"2.0","id":1,"result":{"rewritten":true}}\n');
    assert.deepEqual([h.messages()[1]?.verdict, h.messages()[1]?.notes], ['rewrite', ['redacted']]);
  });

  it('applies a block verdict: a blocked request is answered to its sender, a blocked response replaced, a notification dropped', () => {
    const policy: Policy = (message, context): Verdict => {
      const parsed = message.parsed;
      if (parsed.kind === 'request' && parsed.method === 'tools/call') return { action: 'block', error: { code: -32010, message: 'tool blocked' } };
      if (parsed.kind === 'response' && context.request?.method === 'tools/list') return { action: 'block' };
      if (parsed.kind === 'notification') return { action: 'block' };
      return { action: 'pass' };
    };
    const h = harness(policy);
    h.relay.push('client-to-server', line({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'rm' } }));
    assert.equal(h.text('server'), '');
    assert.equal(h.text('client'), '{"jsonrpc":"2.0","id":5,"error":{"code":-32010,"message":"tool blocked"}}\n');
    assert.equal(h.session.pendingCount('client-to-server'), 0);

    h.relay.push('client-to-server', line({ jsonrpc: '2.0', id: 6, method: 'tools/list' }));
    h.relay.push('server-to-client', line({ jsonrpc: '2.0', id: 6, result: { tools: [{ name: 'evil' }] } }));
    assert.match(h.text('client'), /"id":6,"error":\{"code":-32001,"message":"Blocked by MCP Warden policy"\}/);
    assert.doesNotMatch(h.text('client'), /evil/);

    h.relay.push('server-to-client', line({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' }));
    assert.doesNotMatch(h.text('client'), /list_changed/);
    assert.deepEqual(h.messages().map((m) => m.verdict), ['block', 'pass', 'block', 'block']);
  });

  it('keeps order with an asynchronous policy', async () => {
    const policy: Policy = async (message) => {
      const parsed = message.parsed;
      const delay = parsed.kind === 'request' && parsed.id === 1 ? 20 : 0;
      await new Promise((resolve) => setTimeout(resolve, delay));
      return { action: 'pass' };
    };
    const h = harness(policy);
    const first = h.relay.push('client-to-server', Buffer.concat([line({ jsonrpc: '2.0', id: 1, method: 'a' }), line({ jsonrpc: '2.0', id: 2, method: 'b' })]));
    const second = h.relay.push('client-to-server', line({ jsonrpc: '2.0', id: 3, method: 'c' }));
    assert.ok(first instanceof Promise && second instanceof Promise);
    await second;
    assert.deepEqual(h.sent.server.map((b) => JSON.parse(b.toString()).id), [1, 2, 3]);
  });

  it('fails open when the policy throws, and records why', () => {
    const h = harness(() => {
      throw new Error('detector crashed');
    });
    h.relay.push('client-to-server', line({ jsonrpc: '2.0', id: 1, method: 'ping' }));
    assert.equal(h.sent.server.length, 1);
    assert.deepEqual([h.messages()[0]?.verdict, h.messages()[0]?.notes], ['annotate', ['policy failed: detector crashed']]);
  });

  it('streams a line over the inspection limit through untouched', () => {
    const h = harness(undefined, { maxLineBytes: 16 });
    const big = line({ jsonrpc: '2.0', id: 1, result: { text: 'x'.repeat(100) } });
    h.relay.push('server-to-client', big.subarray(0, 40));
    h.relay.push('server-to-client', big.subarray(40));
    assert.ok(Buffer.concat(h.sent.client).equals(big));
    const oversize = h.messages()[0];
    assert.deepEqual([oversize?.kind, oversize?.size], ['oversize', big.length]);
    assert.ok(h.events.some((e) => e.type === 'warning'));
  });

  it('forgets the oldest pending request beyond the cap, keeping memory bounded', () => {
    const events: ProxyEvent[] = [];
    const session = new ProxySession({ sessionId: 's', serverId: 'x', emit: (e) => events.push(e), maxPending: 3 });
    const relay = new Relay({ session, send: () => undefined });
    for (let id = 0; id < 10; id++) relay.push('client-to-server', line({ jsonrpc: '2.0', id, method: 'ping' }));
    assert.equal(session.pendingCount('client-to-server'), 3);
    assert.equal(events.filter((e) => e.type === 'warning').length, 1);
  });
});
