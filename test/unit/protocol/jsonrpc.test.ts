import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyValue, classifyValueWithSchemas, errorResponseLine, idKey, parseLine } from '../../../src/core/protocol/jsonrpc.js';

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

  it('classifies every shape exactly as the zod schemas do (the fast path is only a shortcut)', () => {
    const ids = [1, 0, -1.5, 'a', '', null, true, {}, [], undefined];
    const versions = ['2.0', '1.0', 2, undefined];
    const methods = ['tools/call', '', 5, null, undefined];
    const errors = [{ code: -32000, message: 'x' }, { code: 1, message: 'x', data: null }, { code: 1, message: 'x', data: { a: 1 } }, { code: '1', message: 'x' }, { code: 1 }, null, [], 'boom'];
    const cases: unknown[] = [];
    for (const jsonrpc of versions) {
      for (const id of ids) {
        for (const method of methods) {
          cases.push({ jsonrpc, id, method, params: { name: 'x' } }, { jsonrpc, method }, { jsonrpc, id, method, result: 1 });
        }
        cases.push({ jsonrpc, id, result: { ok: true } }, { jsonrpc, id, result: null }, { jsonrpc, id });
        for (const error of errors) cases.push({ jsonrpc, id, error }, { jsonrpc, id, error, result: 1 });
      }
    }
    // Keys that hold undefined are absent on the wire: compare what JSON would carry.
    for (const value of cases.map((c) => JSON.parse(JSON.stringify(c)) as unknown)) {
      assert.deepEqual(classifyValue(value), classifyValueWithSchemas(value), JSON.stringify(value));
    }
  });
});
