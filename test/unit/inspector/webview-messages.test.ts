import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messageEventOf, parseExtensionMessage, parseWebviewMessage, type MessageView } from '../../../src/core/webview-messages.js';

const view: MessageView = { type: 'message', sessionId: 's', serverId: 'srv', time: 1, seq: 1, direction: 'client-to-server', kind: 'request', method: 'initialize', id: 0, size: 120, verdict: 'pass', key: 9 };

describe('webview messages', () => {
  it('accepts the declared requests from the webview', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'pause', paused: true }), { type: 'pause', paused: true });
    assert.deepEqual(parseWebviewMessage({ type: 'export', sessionId: 'abc' }), { type: 'export', sessionId: 'abc' });
  });

  it('rejects malformed or undeclared webview messages', () => {
    for (const bad of [
      undefined,
      null,
      'ready',
      {},
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'pause', paused: 'yes' },
      { type: 'export' },
      { type: 'export', sessionId: 42 },
      { type: 'export', sessionId: 'x'.repeat(201) },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, `accepted ${JSON.stringify(bad)}`);
    }
  });

  it('drops fields a webview message does not declare', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'export', sessionId: 'a', path: '/etc/passwd' }), { type: 'export', sessionId: 'a' });
  });

  it('validates what the extension sends', () => {
    const snapshot = { type: 'snapshot', sessions: [], messages: [view], feed: { mode: 'hub', detail: 'x' }, capacity: 5000, paused: false };
    assert.equal(parseExtensionMessage(snapshot)?.type, 'snapshot');
    assert.equal(parseExtensionMessage({ ...snapshot, messages: [{ ...view, direction: 'sideways' }] }), undefined);
    assert.equal(parseExtensionMessage({ type: 'update', sessions: [], messages: [], feed: { mode: 'nope', detail: '' }, firstKey: 1 }), undefined);
  });

  it('messageEventOf removes only the store key', () => {
    const event = messageEventOf(view);
    assert.equal('key' in event, false);
    assert.equal(event.method, 'initialize');
    assert.equal(view.key, 9, 'the view itself is not changed');
  });
});
