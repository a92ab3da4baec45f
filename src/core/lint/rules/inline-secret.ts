import type { Finding, Located, ServerEntry } from '../../model.js';
import type { LintRule } from '../rule.js';
import { serverFinding } from '../finding.js';
import { findSecrets, isPlaceholder, isReference, looksLikeGenericSecret, redact, secretNameKind, withoutReferences } from '../secrets.js';
import { subRange } from '../tokens.js';

type Field = 'env' | 'headers' | 'args' | 'url' | 'command';

interface Where {
  field: Field;
  key?: string;
  index?: number;
}

const FIX = 'move it to an environment variable or an input and reference it';

function describe(where: Where): string {
  switch (where.field) {
    case 'env':
      return `env ${where.key}`;
    case 'headers':
      return `header ${where.key}`;
    case 'args':
      return where.key ? `argument ${where.key}` : `argument ${where.index! + 1}`;
    case 'url':
      return 'the url';
    case 'command':
      return 'the command';
  }
}

function data(where: Where, secretKind: string): Record<string, unknown> {
  return {
    kind: 'inline-secret',
    field: where.field,
    ...(where.key !== undefined ? { key: where.key } : {}),
    ...(where.index !== undefined ? { index: where.index } : {}),
    secretKind,
  };
}

/** Provider formats anywhere in the value; then, for secret-named keys, the generic rules. */
function scan(server: ServerEntry, loc: Located, where: Where, name: string | undefined, out: Finding[], valueStart = 0): void {
  const value = loc.value.slice(valueStart);
  const matches = findSecrets(value);
  for (const m of matches) {
    const secret = value.slice(m.start, m.end);
    out.push(
      serverFinding(inlineSecret, server, `${describe(where)} holds a secret in plain text: ${m.label} ${redact(secret, m.kind)}; ${FIX}`, {
        range: subRange(loc, valueStart + m.start, valueStart + m.end),
        data: data(where, m.kind),
      }),
    );
  }
  if (matches.length > 0 || name === undefined) return;
  const nameKind = secretNameKind(name);
  if (!nameKind) return;
  // "Bearer x", "token x", "Basic x": judge the credential after the scheme word.
  const scheme = /^(?:bearer|token|basic|apikey|api-key)[ \t]{1,8}/i.exec(value);
  const offset = scheme ? scheme[0].length : 0;
  const candidate = value.slice(offset).trim();
  const lead = value.slice(offset).length - value.slice(offset).trimStart().length;
  if (candidate === '' || isReference(candidate) || isPlaceholder(candidate) || withoutReferences(candidate) !== candidate) return;
  const isSecret = nameKind === 'password' ? candidate.length >= 6 && !/\s/.test(candidate) : looksLikeGenericSecret(candidate);
  if (!isSecret) return;
  const start = valueStart + offset + lead;
  out.push(
    serverFinding(
      inlineSecret,
      server,
      `${describe(where)} holds a ${nameKind === 'password' ? 'password' : 'secret'} in plain text (${redact(candidate)}); ${FIX}`,
      { range: subRange(loc, start, start + candidate.length), severity: 'warning', data: data(where, nameKind === 'password' ? 'password' : 'generic') },
    ),
  );
}

/** Credentials written into the config file itself, where backups, sync, screenshots and repositories copy them. */
export const inlineSecret: LintRule = {
  id: 'inline-secret',
  severity: 'error',
  title: 'Secret written inline in the config',
  docs: 'docs/rules/inline-secret.md',
  check(server) {
    const out: Finding[] = [];
    for (const [key, loc] of Object.entries(server.env)) scan(server, loc, { field: 'env', key }, key, out);
    for (const [key, loc] of Object.entries(server.headers)) scan(server, loc, { field: 'headers', key }, key, out);
    if (server.url) scan(server, server.url, { field: 'url' }, undefined, out);
    if (server.command) scan(server, server.command, { field: 'command' }, undefined, out);
    const args = server.args;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      const before = out.length;
      // --api-key=VALUE, KEY=VALUE (docker -e, env)
      const assign = /^(--?[A-Za-z][\w.-]{0,100}|[A-Za-z_][A-Za-z0-9_]{0,100})=/.exec(arg.value);
      if (assign) {
        scan(server, arg, { field: 'args', index: i, key: assign[1]! }, assign[1]!, out, assign[0].length);
        if (out.length > before) continue;
      }
      // --token VALUE
      const prev = args[i - 1]?.value;
      const flagName = prev && /^--?[A-Za-z][\w.-]{0,100}$/.test(prev) ? prev : undefined;
      scan(server, arg, { field: 'args', index: i, ...(flagName ? { key: flagName } : {}) }, flagName, out);
    }
    return out;
  },
};
