// Base64 and hex blobs that decode to readable instructions: a way to slip text past phrase filters.
import { finding, type DetectFinding, type ScanTarget, type TextKind } from '../finding.js';
import type { TextProfile } from '../text-profile.js';
import { matches, quote } from '../text-tools.js';
import { looksLikeInstruction } from './phrases.js';

// Base64 and hex runs come from the text profile (one pass); longer runs are only decoded up to this.
const MAX_DECODE = 65536;
// Eight-bit groups ("01001001 01100111 …") and Morse code (".... . .-.. .-.. --- / …").
const BINARY_RUN = /(?<![01])(?:[01]{8}[ ]?){8,8192}(?![01])/g;
const MORSE_RUN = /(?<![.\-/ ])(?:[.\-]{1,7}(?: \/ | {1,3}|$)){12,8192}/g;

const MORSE: Record<string, string> = {
  '.-': 'a', '-...': 'b', '-.-.': 'c', '-..': 'd', '.': 'e', '..-.': 'f', '--.': 'g', '....': 'h', '..': 'i', '.---': 'j',
  '-.-': 'k', '.-..': 'l', '--': 'm', '-.': 'n', '---': 'o', '.--.': 'p', '--.-': 'q', '.-.': 'r', '...': 's', '-': 't',
  '..-': 'u', '...-': 'v', '.--': 'w', '-..-': 'x', '-.--': 'y', '--..': 'z',
};

function decodeBinary(run: string): string {
  const bytes = run.replace(/ /g, '').match(/[01]{8}/g) ?? [];
  return String.fromCharCode(...bytes.map((b) => parseInt(b, 2)));
}

function decodeMorse(run: string): string {
  return run
    .trim()
    .split(' / ')
    .map((word) => word.split(/ +/).map((code) => MORSE[code] ?? '?').join(''))
    .join(' ');
}

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

export function detectEncoded(target: ScanTarget, kind: TextKind, profile: TextProfile): DetectFinding[] {
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
  for (const [start, runEnd] of profile.base64Runs) {
    let end = runEnd;
    while (end < text.length && end - runEnd < 2 && text[end] === '=') end++;
    check(start, end, decodeBase64(text.slice(start, Math.min(end, start + MAX_DECODE))), 'Base64');
  }
  for (const [start, end] of profile.hexRuns) {
    const even = start + (((Math.min(end, start + MAX_DECODE) - start) >> 1) << 1);
    if (profile.base64Runs.some(([s, e]) => s <= start && e >= end && /[g-zG-Z]/.test(text.slice(s, e)))) continue;
    check(start, end, decodeHex(text.slice(start, even)), 'Hex');
  }
  // Binary text of words always holds a space (00100000); without one there is nothing to decode.
  if (text.includes('00100000')) for (const m of matches(BINARY_RUN, text)) check(m.index, m.index + m[0].length, decodeBinary(m[0]), 'Binary');
  if (text.includes('.-') || text.includes('-.')) for (const m of matches(MORSE_RUN, text)) check(m.index, m.index + m[0].length, decodeMorse(m[0]), 'Morse');
  return out;
}
