// Assertions shared by the lint rule tests.

import assert from 'node:assert/strict';
import type { LintRule } from '../../../src/core/lint/rule.js';
import type { Finding, ServerEntry } from '../../../src/core/model.js';
import { LineIndex } from '../../../src/core/text/line-index.js';
import { entryFrom, sourceOf, textAt, type EntryOptions } from './server-entry.js';

/** Runs one rule on one server (the server alone is the inventory unless others are given). */
export function check(rule: LintRule, server: ServerEntry, inventory: readonly ServerEntry[] = [server]): Finding[] {
  const findings = rule.check(server, { servers: inventory });
  for (const f of findings) {
    assert.equal(f.ruleId, rule.id);
    assert.equal(f.file, server.configPath);
    assert.equal(f.serverId, server.id);
    assert.equal(f.serverName, server.name);
    assert.ok(!f.message.includes('\n'), `message is one line: ${f.message}`);
    assertRangeConsistent(server, f);
  }
  return findings;
}

/** Runs a rule on an entry built from an object. */
export function checkEntry(rule: LintRule, value: Record<string, unknown>, options?: EntryOptions): { server: ServerEntry; findings: Finding[] } {
  const server = entryFrom(value, options);
  return { server, findings: check(rule, server) };
}

/** The line/character form of a finding's range agrees with its offsets. */
export function assertRangeConsistent(server: ServerEntry, finding: Finding): void {
  assert.ok(finding.range, 'finding has a range');
  const index = new LineIndex(sourceOf(server));
  const expected = index.range(finding.range.offset, finding.range.offset + finding.range.length);
  assert.deepEqual(finding.range, expected, 'line/character positions match the offsets');
}

/** The exactly one finding's range covers this text of the config. */
export function assertOneAt(server: ServerEntry, findings: Finding[], text: string): Finding {
  assert.equal(findings.length, 1, `expected one finding, got: ${findings.map((f) => f.message).join(' | ')}`);
  assert.equal(textAt(server, findings[0]!.range), text);
  return findings[0]!;
}
