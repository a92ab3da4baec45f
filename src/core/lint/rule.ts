import type { Finding, ServerEntry, Severity } from '../model.js';

export interface LintContext {
  /** Every server of the inventory, for rules that compare definitions across files. */
  servers: readonly ServerEntry[];
}

/** A config rule: a stable id, a default severity, documentation, and a pure check. */
export interface LintRule {
  id: string;
  severity: Severity;
  title: string;
  /** Relative path of the rule's documentation in the repository, e.g. docs/rules/unpinned-package.md. */
  docs: string;
  check(server: ServerEntry, context: LintContext): Finding[];
}
