// Base64 and hex blobs that decode to readable instructions: a way to slip text past phrase filters.
import { finding, type DetectFinding, type ScanTarget, type TextKind } from '../finding.js';
import { matches, quote } from '../text-tools.js';
import { looksLikeInstruction } from './phrases.js';

// Runs are matched whole (look-behind forbids starting inside a run), so each character is visited once.
const BASE64_RUN = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{24,65536}={0,2}(?![A-Za-z0-9+/=_-])/g;
const HEX_RUN = /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){16,32768}(?![0-9A-Fa-f])/g;

/** Whether decoded bytes read as natural-language text (mostly letters and spaces, several words). */
export function isReadableText(decoded: string): boolean {
  if (decoded.length < 12) return false;
  let printable = 0;
  let letters = 0;
  let spaces = 0;
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 10 || c === 9 || c >= 0xa0) printable++;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0) letters++;
    if (c === 32) spaces++;
  }
  return printable / decoded.length > 0.95 && letters / decoded.length > 0.6 && spaces >= 3 && spaces / decoded.length < 0.35;
}

function decodeBase64(run: string): string | undefined {
  if (!/[a-z]/.test(run) || !/[A-Z]/.test(run)) return undefined; // identifiers and hashes are rarely mixed case base64
  try {
    const normalised = run.replace(/-/g, '+').replace(/_/g, '/');
    const text = Buffer.from(normalised, 'base64').toString('utf8');
    return text.includes('\uFFFD') ? undefined : text;
  } catch {
    return undefined;
  }
}

function decodeHex(run: string): string | undefined {
  const text = Buffer.from(run, 'hex').toString('utf8');
  return text.includes('\uFFFD') ? undefined : text;
}

export function detectEncoded(target: ScanTarget, kind: TextKind): DetectFinding[] {
  const { text, path } = target;
  const out: DetectFinding[] = [];
  if (text.length < 24) return out;
  const check = (start: number, end: number, decoded: string | undefined, encoding: string): void => {
    if (decoded === undefined || !isReadableText(decoded)) return;
    const instruction = looksLikeInstruction(decoded);
    const severity = instruction ? 'high' : kind === 'description' ? 'medium' : 'low';
    const what = instruction ? 'instructions' : 'readable text';
    out.push(finding('encoded-instruction', severity, `${encoding} blob decodes to ${what}: ${quote(decoded, 0, decoded.length, 120)}`, path, start, end));
  };
  for (const m of matches(BASE64_RUN, text)) check(m.index, m.index + m[0].length, decodeBase64(m[0]), 'Base64');
  for (const m of matches(HEX_RUN, text)) check(m.index, m.index + m[0].length, decodeHex(m[0]), 'Hex');
  return out;
}
