// The config rules and the function that runs them over an inventory.

import type { Finding, ServerEntry, Severity } from '../model.js';
import type { LintContext, LintRule } from './rule.js';
import { conflictingDefinition } from './rules/conflicting-definition.js';
import { dockerHostAccess } from './rules/docker-host-access.js';
import { envCodeInjection } from './rules/env-code-injection.js';
import { inlineSecret } from './rules/inline-secret.js';
import { insecureHttp } from './rules/insecure-http.js';
import { shellInArgs } from './rules/shell-in-args.js';
import { typosquatName } from './rules/typosquat-name.js';
import { unpinnedPackage } from './rules/unpinned-package.js';

export type { LintContext, LintRule } from './rule.js';

export const allRules: LintRule[] = [
  unpinnedPackage,
  shellInArgs,
  inlineSecret,
  insecureHttp,
  dockerHostAccess,
  typosquatName,
  conflictingDefinition,
  envCodeInjection,
];

export interface LintOptions {
  /** Per rule id: a severity replacing every finding's own, or 'off' to skip the rule. */
  severity?: Record<string, Severity | 'off'>;
  /** The rules to run (default: allRules). */
  rules?: readonly LintRule[];
}

/**
 * Runs every rule over every server. A rule that throws becomes one finding instead of hiding the
 * others. Findings come out ordered by file, then position.
 */
export function lintServers(servers: readonly ServerEntry[], options: LintOptions = {}): Finding[] {
  const context: LintContext = { servers };
  const findings: Finding[] = [];
  for (const rule of options.rules ?? allRules) {
    const override = options.severity?.[rule.id];
    if (override === 'off') continue;
    for (const server of servers) {
      let produced: Finding[];
      try {
        produced = rule.check(server, context);
      } catch (error) {
        produced = [
          {
            ruleId: rule.id,
            severity: 'info',
            message: `rule ${rule.id} failed on this server: ${error instanceof Error ? error.message : String(error)}`,
            file: server.configPath,
            range: server.range,
            serverId: server.id,
            serverName: server.name,
          },
        ];
      }
      for (const finding of produced) findings.push(override ? { ...finding, severity: override } : finding);
    }
  }
  return findings.sort(
    (a, b) => a.file.localeCompare(b.file) || (a.range?.offset ?? 0) - (b.range?.offset ?? 0) || a.ruleId.localeCompare(b.ruleId),
  );
}
