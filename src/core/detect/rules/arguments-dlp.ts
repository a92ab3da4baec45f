// Outbound DLP: the arguments of a tools/call carrying secrets or the content of sensitive files.
import { findSecrets } from '../../lint/secrets.js';
import { finding, type DetectFinding } from '../finding.js';
import { childPath } from '../json-path.js';

// Shapes of sensitive file content (not names): key files, env files, shadow/passwd lines, shell history.
const SENSITIVE_CONTENT: Array<[string, RegExp]> = [
  ['an SSH or PGP private key', /-----BEGIN (?:OPENSSH |RSA |EC |DSA |PGP )?PRIVATE KEY(?: BLOCK)?-----/],
  ['an SSH public key list', /^(?:ssh-(?:rsa|ed25519)|ecdsa-sha2-nistp\d{3}) AAAA[0-9A-Za-z+/]{40,}/m],
  ['AWS credentials', /^\s{0,4}aws_secret_access_key\s{0,4}=/im],
  ['an /etc/passwd or /etc/shadow file', /^root:[^:\n]{0,200}:0:0:|^root:\$\d\$/m],
  ['a .env file', /^(?:export\s)?[A-Z][A-Z0-9_]{2,60}(?:KEY|TOKEN|SECRET|PASSWORD)=\S{6,}$/m],
  ['an .npmrc/.netrc credential', /_authToken=\S{8,}|^machine\s\S{1,200}\slogin\s\S{1,200}\spassword\s/m],
];

/** Walks the arguments and reports every string that carries a secret or sensitive file content. */
export function detectArgumentLeaks(args: unknown, basePath = 'arguments'): DetectFinding[] {
  const out: DetectFinding[] = [];
  const visit = (value: unknown, path: string, depth: number): void => {
    if (depth > 32) return;
    if (typeof value === 'string') {
      for (const secret of findSecrets(value)) {
        out.push(finding('argument-secret', 'high', `Tool call argument carries a ${secret.label}`, path, secret.start, secret.end));
      }
      for (const [label, re] of SENSITIVE_CONTENT) {
        const m = re.exec(value);
        if (m) out.push(finding('argument-sensitive-content', 'high', `Tool call argument carries ${label}`, path, m.index, m.index + m[0].length));
      }
      return;
    }
    if (Array.isArray(value)) value.forEach((item, i) => visit(item, `${path}[${i}]`, depth + 1));
    else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) visit(item, childPath(path, key), depth + 1);
    }
  };
  visit(args, basePath, 0);
  return out;
}

