// Secret detection shared by the config rules, audit-log redaction and response scanning.
//
// Every pattern is linear-time on any input: each one starts with a look-behind that only lets a
// match begin at the start of a run of token characters (so runs are not rescanned from every
// position), and every quantifier is bounded and never nested inside another unbounded one.

export type SecretKind =
  | 'github-token'
  | 'github-fine-grained-pat'
  | 'anthropic-key'
  | 'openai-key'
  | 'aws-access-key'
  | 'slack-token'
  | 'slack-webhook'
  | 'stripe-key'
  | 'google-api-key'
  | 'gitlab-token'
  | 'npm-token'
  | 'huggingface-token'
  | 'twilio-api-key'
  | 'sendgrid-key'
  | 'jwt'
  | 'private-key'
  | 'bearer-token'
  | 'basic-auth'
  | 'url-credentials'
  | 'url-query-secret'
  | 'generic';

export interface SecretMatch {
  kind: SecretKind;
  /** A human name, e.g. "GitHub token". */
  label: string;
  /** Offsets of the secret itself (not its "Bearer " or "user:" context) in the scanned text. */
  start: number;
  end: number;
}

interface Pattern {
  kind: SecretKind;
  label: string;
  re: RegExp;
  /** Capture group holding the secret, when the match includes context. */
  group?: number;
  /** Extra check on the secret text (beyond the placeholder filter). */
  accept?: (secret: string) => boolean;
}

const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9_-])';

const hasMixedAlnum = (s: string): boolean => /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s);

function basicHasColon(b64: string): boolean {
  try {
    return Buffer.from(b64, 'base64').toString('utf8').includes(':');
  } catch {
    return false;
  }
}

// Order matters: earlier patterns win where matches overlap (sk-ant- before sk-, tokens before Bearer).
const PATTERNS: Pattern[] = [
  { kind: 'private-key', label: 'private key', re: /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY-----/g },
  { kind: 'github-fine-grained-pat', label: 'GitHub token', re: new RegExp(`${B}github_pat_[A-Za-z0-9_]{22,255}(?![A-Za-z0-9_])`, 'g') },
  { kind: 'github-token', label: 'GitHub token', re: new RegExp(`${B}gh[pousr]_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])`, 'g') },
  { kind: 'anthropic-key', label: 'Anthropic API key', re: new RegExp(`${B}sk-ant-[A-Za-z0-9_-]{20,300}${E}`, 'g') },
  {
    kind: 'openai-key',
    label: 'OpenAI API key',
    re: new RegExp(`${B}sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,300}${E}`, 'g'),
    accept: hasMixedAlnum,
  },
  { kind: 'aws-access-key', label: 'AWS access key', re: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g },
  { kind: 'slack-token', label: 'Slack token', re: new RegExp(`${B}(?:xox[abposr]|xapp)-[A-Za-z0-9-]{10,250}${E}`, 'g') },
  { kind: 'slack-webhook', label: 'Slack webhook URL', re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/]{20,200}/g },
  { kind: 'stripe-key', label: 'Stripe secret key', re: new RegExp(`${B}(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,250}${E}`, 'g') },
  { kind: 'google-api-key', label: 'Google API key', re: new RegExp(`${B}AIza[0-9A-Za-z_-]{35}${E}`, 'g') },
  { kind: 'gitlab-token', label: 'GitLab token', re: new RegExp(`${B}gl(?:pat|dt|rt|ptt|cbt|oas|ft)-[A-Za-z0-9_-]{20,300}${E}`, 'g') },
  { kind: 'npm-token', label: 'npm token', re: new RegExp(`${B}npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])`, 'g') },
  { kind: 'huggingface-token', label: 'Hugging Face token', re: new RegExp(`${B}hf_[A-Za-z0-9]{30,64}(?![A-Za-z0-9_])`, 'g'), accept: hasMixedAlnum },
  { kind: 'twilio-api-key', label: 'Twilio API key', re: /(?<![A-Za-z0-9_-])SK[0-9a-fA-F]{32}(?![A-Za-z0-9_-])/g },
  { kind: 'sendgrid-key', label: 'SendGrid API key', re: new RegExp(`${B}SG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{30,64}${E}`, 'g') },
  {
    kind: 'jwt',
    label: 'JSON Web Token',
    re: new RegExp(`${B}eyJ[A-Za-z0-9_-]{6,4096}\\.eyJ[A-Za-z0-9_-]{6,8192}\\.[A-Za-z0-9_-]{16,4096}${E}`, 'g'),
  },
  {
    kind: 'url-credentials',
    label: 'password in a URL',
    re: /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}:\/\/[^\s/?#@:"'<>]{1,256}:([^\s/?#@"'<>]{1,256})@/g,
    group: 1,
  },
  {
    kind: 'url-query-secret',
    label: 'secret in a URL query',
    re: /[?&](?:api[_-]?key|apikey|access[_-]?token|auth[_-]?token|token|secret|client[_-]?secret|password|passwd|key)=([^&#\s"'<>]{8,2048})/gi,
    group: 1,
  },
  {
    kind: 'bearer-token',
    label: 'bearer token',
    re: /(?<![A-Za-z0-9_-])[Bb]earer[ \t]{1,8}([A-Za-z0-9._~+/-]{16,4096}={0,3})(?![A-Za-z0-9._~+/=-])/g,
    group: 1,
  },
  {
    kind: 'basic-auth',
    label: 'Basic auth credentials',
    re: /(?<![A-Za-z0-9_-])[Bb]asic[ \t]{1,8}([A-Za-z0-9+/]{8,4096}={0,2})(?![A-Za-z0-9+/=])/g,
    group: 1,
    accept: basicHasColon,
  },
];

const LABELS = new Map<SecretKind, string>(PATTERNS.map((p) => [p.kind, p.label]));
LABELS.set('github-token', 'GitHub token');
LABELS.set('generic', 'secret');

export function secretLabel(kind: SecretKind): string {
  return LABELS.get(kind) ?? 'secret';
}

const PLACEHOLDER_WORDS =
  /your|example|placeholder|changeme|change[-_]me|dummy|redacted|replace|insert|sample|fake|xxxx|\.\.\.|…|<|>|\*\*\*|todo|here$/i;

/** Stock values of examples and local dev setups: not a leak of anything. */
const TRIVIAL_VALUES = new Set([
  'password', 'pass', 'passwd', 'secret', 'token', 'apikey', 'api_key', 'postgres', 'root', 'admin', 'guest', 'test',
  'user', 'demo', 'none', 'null', 'undefined', 'true', 'false', '1234', '123456', '12345678', 'letmein', 'default',
]);

/** Values that stand for a secret rather than being one: `<your-token>`, `YOUR_API_KEY`, `xxx`, `changeme`, `ghp_000…`. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^[xX*.\-_#0]+$/.test(v)) return true;
  if (TRIVIAL_VALUES.has(v.toLowerCase())) return true;
  if (PLACEHOLDER_WORDS.test(v)) return true;
  // Six identical characters in a row essentially never happen in random tokens.
  if (/(.)\1{5}/.test(v)) return true;
  return false;
}

const REFERENCE_PATTERNS = [
  /^\$\{[^}]{1,200}\}$/, // ${input:x} ${env:X} ${X}
  /^\$\{\{[^}]{1,200}\}\}$/, // ${{ secrets.X }}
  /^\$[A-Za-z_][A-Za-z0-9_]{0,200}$/, // $X
  /^\{env:[^}]{1,200}\}$/, // {env:X}
  /^\{\{[^}]{1,200}\}\}$/, // {{X}}
  /^%[A-Za-z_][A-Za-z0-9_]{0,200}%$/, // %X% (Windows)
];
const REFERENCE_ANYWHERE =
  /\$\{\{[^}]{0,200}\}\}|\$\{[^}]{0,200}\}|\{env:[^}]{0,200}\}|\{\{[^}]{0,200}\}\}|\$[A-Za-z_][A-Za-z0-9_]{0,200}|%[A-Za-z_][A-Za-z0-9_]{0,200}%/g;

/** True when the whole value is a reference to a variable or input (`${input:x}`, `${env:X}`, `$X`, `{env:X}`, `%X%`). */
export function isReference(value: string): boolean {
  const v = value.trim();
  return REFERENCE_PATTERNS.some((re) => re.test(v));
}

/** The value with every variable/input reference removed. */
export function withoutReferences(value: string): string {
  return value.replace(REFERENCE_ANYWHERE, '');
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  const n = [...value].length;
  for (const count of counts.values()) {
    const p = count / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** The generic rule: minimum length and entropy of a value held by a secret-named key. */
export const GENERIC_SECRET_MIN_LENGTH = 16;
export const GENERIC_SECRET_MIN_ENTROPY = 3.5;

/**
 * Whether a value under a secret-sounding name looks like a real credential: at least 16
 * characters, no whitespace, Shannon entropy of at least 3.5 bits per character, at least two of
 * lower case / upper case / digits, and neither a reference nor a placeholder.
 */
export function looksLikeGenericSecret(value: string): boolean {
  const v = value.trim();
  if (v.length < GENERIC_SECRET_MIN_LENGTH || v.length > 4096 || /\s/.test(v)) return false;
  if (isReference(v) || isPlaceholder(v)) return false;
  // A file path or URL names where a secret is, it is not one (URL credentials are found by findSecrets).
  if (/^(?:~?\/|\.{1,2}\/|[A-Za-z]:[\\/]|\\\\)/.test(v) || v.includes('://')) return false;
  if (withoutReferences(v).length < GENERIC_SECRET_MIN_LENGTH) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(v)).length;
  if (classes < 2) return false;
  return shannonEntropy(v) >= GENERIC_SECRET_MIN_ENTROPY;
}

const SECRET_WORDS = new Set([
  'token', 'secret', 'password', 'passwd', 'pwd', 'pass', 'passphrase', 'key', 'apikey', 'auth', 'authorization',
  'credential', 'credentials', 'pat', 'private', 'cookie', 'session', 'signature',
]);
const NOT_SECRET_SUFFIX = new Set([
  'path', 'file', 'dir', 'directory', 'url', 'uri', 'endpoint', 'host', 'id', 'name', 'region', 'type', 'mode', 'env',
  'enabled', 'header', 'prefix', 'length', 'count', 'format', 'command', 'cmd', 'helper', 'ttl', 'timeout', 'expiry',
  'expires', 'method', 'provider', 'scope', 'scopes', 'algorithm', 'version', 'user', 'username', 'port',
]);
const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase']);

/**
 * Classifies a key (env var, header, CLI flag) by its name: 'password' for password-like names,
 * 'secret' for other secret-like names (TOKEN, SECRET, API_KEY, Authorization…), else undefined.
 * Names ending in _PATH, _FILE, _URL, _ID, … hold a reference to a secret, not the secret.
 */
export function secretNameKind(name: string): 'password' | 'secret' | undefined {
  const words = name
    .replace(/^-+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.length === 0) return undefined;
  if (NOT_SECRET_SUFFIX.has(words[words.length - 1]!)) return undefined;
  if (words.some((w) => PASSWORD_WORDS.has(w) || /(?:password|passwd|passphrase)$/.test(w))) return 'password';
  if (words.some((w) => SECRET_WORDS.has(w) || /(?:token|secret|apikey|password)$/.test(w))) return 'secret';
  return undefined;
}

function findPrivateKeys(text: string, out: SecretMatch[], taken: Uint8Array): void {
  const re = /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY-----/g;
  let noEndAfter = Infinity;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index;
    let end = start + m[0].length;
    if (end < noEndAfter) {
      const endMarker = text.indexOf('-----END', end);
      if (endMarker < 0) noEndAfter = end;
      else {
        const close = text.indexOf('-----', endMarker + 8);
        end = close >= 0 ? close + 5 : endMarker + 8;
        re.lastIndex = end;
      }
    }
    taken.fill(1, start, end);
    out.push({ kind: 'private-key', label: 'private key', start, end });
  }
}

/** Every secret in the text, in order, none overlapping. Linear in the text's length. */
export function findSecrets(text: string): SecretMatch[] {
  const out: SecretMatch[] = [];
  if (text.length < 8) return out;
  const taken = new Uint8Array(text.length);
  for (const pattern of PATTERNS) {
    if (pattern.kind === 'private-key') {
      findPrivateKeys(text, out, taken);
      continue;
    }
    const re = new RegExp(pattern.re.source, pattern.group !== undefined ? `${pattern.re.flags}d` : pattern.re.flags);
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const whole = m[0];
      let start = m.index;
      let end = start + whole.length;
      if (pattern.group !== undefined) {
        const span = m.indices?.[pattern.group];
        if (!span) continue;
        [start, end] = span;
      }
      const secret = text.slice(start, end);
      if (isPlaceholder(secret) || isReference(secret) || /\$\{|\{env:|\{\{/.test(secret)) continue;
      if (pattern.accept && !pattern.accept(secret)) continue;
      let overlaps = false;
      for (let i = start; i < end; i++) {
        if (taken[i]) {
          overlaps = true;
          break;
        }
      }
      if (overlaps) continue;
      taken.fill(1, start, end);
      out.push({ kind: pattern.kind, label: pattern.label, start, end });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

const KNOWN_PREFIXES = [
  'github_pat_', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'sk-ant-', 'sk-proj-', 'sk-svcacct-', 'sk-admin-', 'sk_live_',
  'rk_live_', 'sk_test_', 'rk_test_', 'sk-', 'AKIA', 'ASIA', 'xoxb-', 'xoxa-', 'xoxp-', 'xoxo-', 'xoxs-', 'xoxr-', 'xapp-',
  'AIza', 'glpat-', 'npm_', 'hf_', 'SG.', 'eyJ',
];

/**
 * A value safe to show: a known public prefix (ghp_, sk-ant-, AKIA…) plus "…" plus the last four
 * characters when the value is long enough for those four to give nothing away (16+ characters
 * after the prefix). Never more than that.
 */
export function redact(value: string, kind?: SecretKind): string {
  if (kind === 'private-key' || value.startsWith('-----BEGIN')) return '-----BEGIN … PRIVATE KEY-----';
  const prefix = KNOWN_PREFIXES.find((p) => value.startsWith(p)) ?? '';
  const rest = value.length - prefix.length;
  const tail = rest >= 16 ? value.slice(-4) : '';
  return `${prefix}…${tail}`;
}

/** The text with every secret replaced by its redacted form. */
export function redactSecrets(text: string): string {
  const matches = findSecrets(text);
  let out = '';
  let last = 0;
  for (const m of matches) {
    out += text.slice(last, m.start) + redact(text.slice(m.start, m.end), m.kind);
    last = m.end;
  }
  return out + text.slice(last);
}
