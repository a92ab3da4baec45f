import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorResponseLine, idKey, parseLine } from '../../../src/core/protocol/jsonrpc.js';

describe('parseLine', () => {
  it('classifies requests, notifications, responses and errors', () => {
    assert.deepEqual(parseLine('{"jsonrpc":"2.0","id":1,"method":"tools/list"}'), { kind: 'request', id: 1, method: 'tools/list', params: undefined });
    assert.deepEqual(parseLine('{"jsonrpc":"2.0","method":"notifications/initialized"}'), { kind: 'notification', method: 'notifications/initialized', params: undefined });
    assert.deepEqual(parseLine('{"jsonrpc":"2.0","id":"a","result":{}}'), { kind: 'response', id: 'a', result: {} });
    assert.deepEqual(parseLine('{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}'), {
      kind: 'error',
      id: null,
      error: { code: -32700, message: 'Parse error' },
    });
  });

  it('classifies a batch item by item', () => {
    const parsed = parseLine('[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"x"},{"nope":1}]');
    assert.equal(parsed.kind, 'batch');
    assert.deepEqual(parsed.kind === 'batch' && parsed.items.map((i) => i.kind), ['request', 'notification', 'invalid']);
  });

  it('reports non-JSON and non-JSON-RPC lines', () => {
    assert.equal(parseLine('Server started on stdio').kind, 'non-json');
    assert.equal(parseLine('').kind, 'non-json');
    const invalid = parseLine('{"jsonrpc":"1.0","id":1,"method":"x"}');
    assert.equal(invalid.kind, 'invalid');
    assert.match(invalid.kind === 'invalid' ? invalid.reason : '', /jsonrpc/);
    assert.equal(parseLine('{"jsonrpc":"2.0","id":{},"method":"x"}').kind, 'invalid');
    assert.equal(parseLine('42').kind, 'invalid');
    assert.equal(parseLine('[]').kind, 'invalid');
  });

  it('writes error responses as one line and keeps 1 and "1" apart', () => {
    assert.equal(errorResponseLine(7, { code: -32001, message: 'no' }).toString(), '{"jsonrpc":"2.0","id":7,"error":{"code":-32001,"message":"no"}}\n');
    assert.notEqual(idKey(1), idKey('1'));
  });
});
