import type { LintRule } from '../rule.js';
import { serverFinding } from '../finding.js';
import { packageRefs } from '../packages.js';
import { invocations } from '../tokens.js';

const HOW: Record<string, string> = {
  npm: 'pin an exact version (name@1.2.3)',
  pypi: 'pin an exact version (name==1.2.3)',
  docker: 'pin the image by digest (image@sha256:…)',
};

/** Packages and images fetched at launch without an immutable pin: whoever publishes next runs on your machine. */
export const unpinnedPackage: LintRule = {
  id: 'unpinned-package',
  severity: 'warning',
  title: 'Package or image launched without a pinned version',
  docs: 'docs/rules/unpinned-package.md',
  check(server) {
    const findings = [];
    const seen = new Set<number>();
    for (const inv of invocations(server)) {
      for (const ref of packageRefs(inv)) {
        if (ref.pinned || seen.has(ref.token.range.offset)) continue;
        seen.add(ref.token.range.offset);
        const git = /^(?:git\+|git:|github:|gitlab:|bitbucket:)/i.test(ref.token.value) || ref.name === undefined;
        const how = git && ref.ecosystem !== 'docker' ? 'pin a full 40-character commit sha' : HOW[ref.ecosystem]!;
        findings.push(
          serverFinding(unpinnedPackage, server, `${ref.runner} runs "${ref.token.value}" unpinned (${ref.reason}): ${ref.ecosystem === 'docker' ? 'whatever is pushed next' : 'whatever is published next'} runs at the next start; ${how}`, {
            range: ref.token.range,
            data: {
              kind: 'unpinned-package',
              ecosystem: ref.ecosystem,
              runner: ref.runner,
              spec: ref.token.value,
              ...(ref.name ? { name: ref.name } : {}),
              ...(ref.token.argIndex >= 0 ? { argIndex: ref.token.argIndex } : {}),
            },
          }),
        );
      }
    }
    return findings;
  },
};
