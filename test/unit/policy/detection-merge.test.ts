// The organisation's detection floor: per item the stricter action wins, per server and per tool.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stricterAction, stricterMode, withFloor } from '../../../src/core/policy/detection-merge.js';
import { actionTable } from '../../../src/core/proxy/detection-settings.js';

test('actions order pass < warn < mark < redact < block, either way round', () => {
  assert.equal(stricterAction('pass', 'block'), 'block');
  assert.equal(stricterAction('redact', 'mark'), 'redact');
  assert.equal(stricterAction('warn', 'warn'), 'warn');
  assert.equal(stricterMode('off', 'warn-only'), 'warn-only');
  assert.equal(stricterMode('default', 'off'), 'default');
});

test('the organisation raises a user pass to block, and cannot lower a user block', () => {
  const merged = withFloor({ definitions: { high: 'pass' }, responses: { high: 'block' } }, { definitions: { high: 'block' }, responses: { high: 'warn' } });
  assert.equal(actionTable(merged, 'definitions', 'any-server').high, 'block');
  assert.equal(actionTable(merged, 'responses', 'any-server').high, 'block');
  // Levels neither side named keep the built-in defaults.
  assert.equal(actionTable(merged, 'definitions', 'any-server').medium, 'warn');
  assert.equal(actionTable(merged, 'arguments', 'any-server').high, 'warn');
});

test('a user server or tool override cannot go below the organisation-wide floor', () => {
  const user = { servers: { 'vscode:user:/c:gh': { responses: { high: 'pass' as const }, tools: { search: { responses: { high: 'pass' as const } } } } } };
  const merged = withFloor(user, { responses: { high: 'redact' } });
  assert.equal(actionTable(merged, 'responses', 'vscode:user:/c:gh').high, 'redact');
  assert.equal(actionTable(merged, 'responses', 'vscode:user:/c:gh', 'search').high, 'redact');
  assert.equal(actionTable(merged, 'responses', 'other').high, 'redact');
});

test('an organisation per-server and per-tool floor applies only there', () => {
  const merged = withFloor({ arguments: { high: 'pass' } }, { servers: { mail: { tools: { send_email: { arguments: { high: 'block' } } } } } });
  assert.equal(actionTable(merged, 'arguments', 'mail', 'send_email').high, 'block');
  assert.equal(actionTable(merged, 'arguments', 'mail', 'read_email').high, 'pass');
  assert.equal(actionTable(merged, 'arguments', 'files', 'send_email').high, 'pass');
});

test('an organisation tool entry stays stricter than the user tool entry for the same key', () => {
  const merged = withFloor(
    { servers: { mail: { tools: { send_email: { responses: { medium: 'block' } } } } } },
    { servers: { mail: { tools: { send_email: { responses: { medium: 'redact', low: 'warn' } } } } } },
  );
  const table = actionTable(merged, 'responses', 'mail', 'send_email');
  assert.deepEqual(table, { high: 'mark', medium: 'block', low: 'warn' });
});

test('an organisation mode forbids off and warn-only; without one the user mode stands', () => {
  assert.equal(withFloor({ mode: 'off' }, { mode: 'default' }).mode, 'default');
  assert.equal(withFloor({ mode: 'off' }, { mode: 'warn-only' }).mode, 'warn-only');
  assert.equal(withFloor({}, { mode: 'warn-only' }).mode, 'default');
  assert.equal(withFloor({ mode: 'warn-only' }, { definitions: { low: 'warn' } }).mode, 'warn-only');
});

test('provenance is on when either side asks for it', () => {
  assert.equal(withFloor({ provenance: false }, { provenance: true }).provenance, true);
  assert.equal(withFloor({ provenance: true }, {}).provenance, true);
  assert.equal(withFloor({}, {}).provenance, undefined);
});
