import { DETECTORS_DOCS, detectorRules } from './detector-rule-catalog.js';
import { allRules } from './lint/index.js';
import type { Severity } from './model.js';

export interface RuleInfo {
  id: string;
  severity: Severity;
  title: string;
  /** Repository-relative path of the rule's documentation. */
  docs: string;
}

export const DOCS_BASE_URL = 'https://github.com/mcp-warden/mcp-warden/blob/main/';

/** Rules that are not config lint rules: reading files, the approved inventory, policy and scan --connect. */
const inventoryRules: RuleInfo[] = [
  { id: 'config-syntax', severity: 'error', title: 'Config file has a syntax error', docs: 'docs/rules/config-syntax.md' },
  { id: 'config-shape', severity: 'warning', title: 'Config entry has the wrong shape', docs: 'docs/rules/config-shape.md' },
  { id: 'config-unreadable', severity: 'error', title: 'Config file could not be read', docs: 'docs/rules/config-unreadable.md' },
  { id: 'shadow-server', severity: 'warning', title: 'Server is not in the approved inventory', docs: 'docs/rules/shadow-server.md' },
  { id: 'denied-server', severity: 'error', title: 'Server is denied by the organisation policy', docs: 'docs/rules/denied-server.md' },
  { id: 'policy-invalid', severity: 'error', title: 'Organisation policy file is invalid', docs: 'docs/rules/policy-invalid.md' },
  { id: 'protection-removed', severity: 'warning', title: 'Protected server no longer goes through the Warden proxy', docs: 'docs/rules/protection-removed.md' },
  { id: 'state-unreadable', severity: 'error', title: "Warden's own state file is damaged", docs: 'docs/rules/state-unreadable.md' },
  { id: 'connect-failed', severity: 'warning', title: 'scan --connect could not start or list a server', docs: 'docs/rules/connect-failed.md' },
];

export const ruleCatalog: readonly RuleInfo[] = [
  ...inventoryRules,
  ...allRules.map((rule) => ({ id: rule.id, severity: rule.severity, title: rule.title, docs: rule.docs })),
  ...Object.entries(detectorRules).map(([id, rule]) => ({ id, ...rule, docs: DETECTORS_DOCS })),
];

export function ruleInfo(id: string): RuleInfo | undefined {
  return ruleCatalog.find((rule) => rule.id === id);
}

export function docsUrl(id: string): string | undefined {
  const rule = ruleInfo(id);
  return rule ? `${DOCS_BASE_URL}${rule.docs}` : undefined;
}
