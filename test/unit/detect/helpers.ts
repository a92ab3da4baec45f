// Shared assertions for the detector tests: find a finding by rule and check that its span
// covers exactly the offending text of the string at its path.
import assert from 'node:assert/strict';
import type { DetectFinding, DetectResult } from '../../../src/core/detect/index.js';

export function findingFor(result: DetectResult | DetectFinding[], rule: string): DetectFinding {
  const findings = Array.isArray(result) ? result : result.findings;
  const found = findings.find((f) => f.rule === rule);
  assert.ok(found, `expected a ${rule} finding, got ${JSON.stringify(findings.map((f) => f.rule))}`);
  return found;
}

export function assertNoRule(result: DetectResult | DetectFinding[], rule: string): void {
  const findings = Array.isArray(result) ? result : result.findings;
  const found = findings.filter((f) => f.rule === rule);
  assert.equal(found.length, 0, `expected no ${rule} finding, got ${JSON.stringify(found)}`);
}

/** The span's text, from the string the finding's path names. */
export function spanText(source: string, finding: DetectFinding): string {
  return source.slice(finding.span[0], finding.span[1]);
}
