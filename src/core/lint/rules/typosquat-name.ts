import { distance } from 'fastest-levenshtein';
import type { Finding } from '../../model.js';
import type { LintRule } from '../rule.js';
import { serverFinding } from '../finding.js';
import { KNOWN_IMAGES, KNOWN_NPM_PACKAGES, KNOWN_PYPI_PACKAGES, OFFICIAL_SCOPE, normalizePython } from '../known-packages.js';
import { packageRefs, type Ecosystem } from '../packages.js';
import { invocations } from '../tokens.js';

/** Candidates shorter than this are skipped: short names sit within one edit of too many others. */
export const MIN_TYPOSQUAT_LENGTH = 6;

/**
 * The distinctive part of a known name, without the affixes many MCP packages share
 * ("@modelcontextprotocol/server-", "mcp-server-", "mcp/", "ghcr.io/", "-mcp", "-mcp-server").
 */
export function distinctivePart(known: string): string {
  return known
    .toLowerCase()
    .replace(/^@modelcontextprotocol\/(?:server-)?/, '')
    .replace(/^(?:mcp-server-|mcp\/|ghcr\.io\/)/, '')
    .replace(/(?:-mcp-server|-mcp)$/, '');
}

/**
 * Edits that still count as an imitation of a known name, scaled by the length of its distinctive
 * part: none under 5 characters (mcp-server-git, mcp/time), 1 for 5–10 (fetch, filesystem), 2 from 11.
 */
export function maxEdits(known: string): number {
  const length = distinctivePart(known).length;
  if (length < 5) return 0;
  return length >= 11 ? 2 : 1;
}

/** Levenshtein distance, counting one swap of adjacent characters ("fecth") as a single edit. */
export function editDistance(a: string, b: string): number {
  if (a.length === b.length) {
    let first = -1;
    let diffs = 0;
    for (let i = 0; i < a.length && diffs <= 2; i++) {
      if (a[i] !== b[i]) {
        if (first < 0) first = i;
        diffs++;
      }
    }
    if (diffs === 2 && a[first] === b[first + 1] && a[first + 1] === b[first]) return 1;
  }
  return distance(a, b);
}

function normalize(name: string, ecosystem: Ecosystem): string {
  return ecosystem === 'pypi' ? normalizePython(name) : name.toLowerCase();
}

const ALL_KNOWN: { ecosystem: Ecosystem; name: string }[] = [
  ...KNOWN_NPM_PACKAGES.map((name) => ({ ecosystem: 'npm' as const, name })),
  ...KNOWN_PYPI_PACKAGES.map((name) => ({ ecosystem: 'pypi' as const, name })),
  ...KNOWN_IMAGES.map((name) => ({ ecosystem: 'docker' as const, name })),
];

export interface Imitation {
  real: string;
  why: 'scope' | 'edit-distance';
}

/** The well-known name this one imitates, or undefined when it is a known name or not close to one. */
export function imitationOf(name: string, ecosystem: Ecosystem): Imitation | undefined {
  const candidate = normalize(name, ecosystem);
  const known = ALL_KNOWN.filter((k) => k.ecosystem === ecosystem);
  if (known.some((k) => normalize(k.name, ecosystem) === candidate)) return undefined;
  if (ecosystem === 'npm') {
    const slash = candidate.startsWith('@') ? candidate.indexOf('/') : -1;
    const scope = slash > 0 ? candidate.slice(0, slash) : '';
    const rest = slash > 0 ? candidate.slice(slash + 1) : candidate;
    const official = OFFICIAL_SCOPE;
    // Only a scope's owner can publish under it, so a near-miss inside a known scope is not a squat.
    if (scope && known.some((k) => k.name.startsWith(`${scope}/`))) return undefined;
    const looksOfficial =
      candidate.replace(/[-_.]/g, '').includes('modelcontextprotocol') || (scope !== '' && distance(scope, official) <= 3);
    if (looksOfficial) {
      const sameScope = known.filter((k) => k.name.startsWith(`${official}/`));
      let best = sameScope[0]!.name;
      let bestDistance = Infinity;
      for (const k of sameScope) {
        const d = distance(`${official}/${rest}`, k.name);
        if (d < bestDistance) {
          bestDistance = d;
          best = k.name;
        }
      }
      // "@modelcontextprotocol-server/filesystem" → "@modelcontextprotocol/server-filesystem"
      const joined = known.find((k) => k.name.replace(/[-/]/g, '') === candidate.replace(/[-/]/g, ''));
      return { real: joined?.name ?? best, why: 'scope' };
    }
  }
  if (candidate.length < MIN_TYPOSQUAT_LENGTH) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const target = normalize(k.name, ecosystem);
    const limit = maxEdits(k.name);
    if (limit === 0) continue;
    let d = editDistance(candidate, target);
    // "server-filesystem" without its scope imitates "@modelcontextprotocol/server-filesystem".
    if (ecosystem === 'npm' && !candidate.startsWith('@') && target.startsWith(`${OFFICIAL_SCOPE}/`)) {
      d = Math.min(d, editDistance(candidate, target.slice(OFFICIAL_SCOPE.length + 1)));
    }
    if (d <= limit && d < bestDistance) {
      bestDistance = d;
      best = k.name;
    }
  }
  return best ? { real: best, why: 'edit-distance' } : undefined;
}

/** Package, image or server names one or two typos away from a well-known MCP server. */
export const typosquatName: LintRule = {
  id: 'typosquat-name',
  severity: 'warning',
  title: 'Name imitates a well-known MCP server',
  docs: 'docs/rules/typosquat-name.md',
  check(server) {
    const out: Finding[] = [];
    for (const inv of invocations(server)) {
      for (const ref of packageRefs(inv)) {
        if (!ref.name) continue;
        const imitation = imitationOf(ref.name, ref.ecosystem);
        if (!imitation) continue;
        const how = imitation.why === 'scope' ? 'its scope imitates the official @modelcontextprotocol scope' : 'it is a typo away from it';
        out.push(
          serverFinding(typosquatName, server, `"${ref.name}" looks like "${imitation.real}" but is a different package (${how}); check the name before it runs`, {
            range: ref.token.range,
            data: { kind: 'typosquat-name', ecosystem: ref.ecosystem, name: ref.name, real: imitation.real, why: imitation.why },
          }),
        );
      }
    }
    // A server *named* like a well-known package that launches something else.
    const lower = server.name.toLowerCase();
    if (out.length === 0 && /[/@]|mcp/.test(lower)) {
      for (const ecosystem of ['npm', 'pypi', 'docker'] as const) {
        const imitation = imitationOf(lower, ecosystem);
        if (!imitation) continue;
        out.push(
          serverFinding(typosquatName, server, `server name "${server.name}" looks like "${imitation.real}" but is not it; check what this entry really runs`, {
            range: server.nameRange,
            severity: 'info',
            data: { kind: 'typosquat-name', ecosystem, name: server.name, real: imitation.real, why: imitation.why, field: 'name' },
          }),
        );
        break;
      }
    }
    return out;
  },
};
