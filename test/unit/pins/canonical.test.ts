import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalHash, canonicalJson } from '../../../src/core/pins/canonical.js';

test('key order and whitespace do not change the canonical form', () => {
  const a = JSON.parse('{"name":"t","inputSchema":{"type":"object","properties":{"b":{"type":"string"},"a":{"type":"number"}}}}');
  const b = JSON.parse('{ "inputSchema": { "properties": { "a": { "type": "number" }, "b": { "type": "string" } }, "type": "object" }, "name": "t" }');
  assert.equal(canonicalJson(a), canonicalJson(b));
  assert.equal(canonicalHash(a), canonicalHash(b));
});

test('numbers written differently but equal agree; different values do not', () => {
  assert.equal(canonicalJson(JSON.parse('{"x": 1.0, "y": 1e2, "z": -0}')), '{"x":1,"y":100,"z":0}');
  assert.notEqual(canonicalHash({ x: 1 }), canonicalHash({ x: 1.5 }));
});

test('any change of text, including one invisible character, changes the hash', () => {
  assert.notEqual(canonicalHash({ description: 'Adds numbers' }), canonicalHash({ description: 'Adds\u200b numbers' }));
  assert.notEqual(canonicalHash({ description: 'Adds numbers' }), canonicalHash({ description: 'Adds numbers\udb40\udc41' }));
});

test('undefined object fields are left out as JSON would; non-JSON values are refused', () => {
  assert.equal(canonicalJson({ a: undefined, b: [undefined] }), '{"b":[null]}');
  assert.throws(() => canonicalJson({ a: Number.NaN }), /non-finite/);
});
