import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wildcardMatch } from '../../../src/core/policy/wildcard.js';

test('a pattern without a star matches only the same text, ignoring case', () => {
  assert.equal(wildcardMatch('github', 'GitHub'), true);
  assert.equal(wildcardMatch('github', 'github-evil'), false);
});

test('a star stands for any run of characters, including none', () => {
  assert.equal(wildcardMatch('*.corp.example', 'mcp.corp.example'), true);
  assert.equal(wildcardMatch('*.corp.example', 'corp.example.attacker.io'), false);
  assert.equal(wildcardMatch('corp-*', 'corp-'), true);
  assert.equal(wildcardMatch('a*b*c', 'axxbyyc'), true);
  assert.equal(wildcardMatch('a*b*c', 'axxbyy'), false);
});

test('hostile patterns with many stars stay fast on long input', () => {
  const started = performance.now();
  assert.equal(wildcardMatch('*a*a*a*a*a*a*a*a*b', 'a'.repeat(100_000)), false);
  assert.ok(performance.now() - started < 2_000, 'matching took too long');
});
