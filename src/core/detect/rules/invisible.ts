// Invisible and deceptive characters: text a person reviewing a tool never sees but a model reads.
import { finding, type DetectFinding, type ScanTarget, type TextKind } from '../finding.js';
import { matchesInWindows, type TextProfile } from '../text-profile.js';
import { quote } from '../text-tools.js';

const TAG_RUN = /[\u{E0000}-\u{E007F}]{1,100000}/gu;
// Variation selectors attached in long runs carry bytes (the "emoji smuggling" trick); one or two after an emoji are normal.
const VARIATION_RUN = /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]{4,100000}/gu;
const ZERO_WIDTH_RUN = /[\u200B\u200C\u200D\u2060\u180E\uFEFF]{1,100000}/g;
const BIDI_RUN = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]{1,100000}/g;
// Other format characters (Cf) not covered above; the soft hyphen is common in scraped web text, so it is left out.
const OTHER_FORMAT_RUN = /[^\P{Cf}\u00AD\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\u061C\u180E\uFEFF\u{E0000}-\u{E007F}]{1,100000}/gu;

/** Decodes Unicode tag characters (U+E0020–U+E007E mirror ASCII) into the message they hide. */
export function decodeTagCharacters(run: string): string {
  let out = '';
  for (const ch of run) {
    const cp = ch.codePointAt(0)! - 0xe0000;
    if (cp >= 0x20 && cp <= 0x7e) out += String.fromCharCode(cp);
  }
  return out;
}

function isJoinerBetweenLettersOrEmoji(text: string, start: number, end: number): boolean {
  // ZWJ/ZWNJ are required inside emoji sequences and in Persian, Indic and other scripts.
  const before = text.codePointAt(Math.max(0, start - 1)) ?? 0;
  const prevIsLowSurrogate = start >= 2 && /[\uDC00-\uDFFF]/.test(text[start - 1] ?? '');
  const prev = prevIsLowSurrogate ? (text.codePointAt(start - 2) ?? 0) : before;
  const next = text.codePointAt(end) ?? 0;
  const joinable = (cp: number): boolean =>
    (cp >= 0x1f000 && cp <= 0x1faff) || (cp >= 0x2600 && cp <= 0x27bf) || cp === 0xfe0f || (cp >= 0x0590 && cp <= 0x1fff && cp !== 0x180e);
  return end - start <= 2 && joinable(prev) && joinable(next);
}

export function detectInvisible(target: ScanTarget, kind: TextKind, profile: TextProfile): DetectFinding[] {
  const { text, path } = target;
  const out: DetectFinding[] = [];
  // The windows around every candidate character come from the text profile (non-ascii.ts).
  const wins = profile.nonAscii.invisibleWindows;
  if (wins.length === 0) return out;
  const matches = (re: RegExp, t: string): Array<{ index: number; 0: string }> =>
    matchesInWindows(re, t, wins, 40).map((m) => ({ index: m.index, 0: m.text }));

  for (const m of matches(TAG_RUN, text)) {
    const hidden = decodeTagCharacters(m[0]);
    const shown = hidden.length > 0 ? `: ${quote(hidden, 0, hidden.length, 120)}` : '';
    out.push(finding('hidden-tag-characters', 'high', `Invisible Unicode tag characters hide a message${shown}`, path, m.index, m.index + m[0].length));
  }
  for (const m of matches(VARIATION_RUN, text)) {
    out.push(finding('invisible-characters', 'high', `A run of ${m[0].length} variation selectors can smuggle hidden bytes`, path, m.index, m.index + m[0].length));
  }
  for (const m of matches(ZERO_WIDTH_RUN, text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (start === 0 && m[0] === '\uFEFF') continue; // a byte-order mark
    if (isJoinerBetweenLettersOrEmoji(text, start, end)) continue;
    const long = m[0].length >= 8;
    const severity = target.role === 'name' || long ? 'high' : kind === 'description' ? 'medium' : 'low';
    out.push(finding('invisible-characters', severity, `${m[0].length} zero-width character(s) hidden in the text`, path, start, end));
  }
  for (const m of matches(BIDI_RUN, text)) {
    const severity = target.role === 'name' ? 'high' : kind === 'description' ? 'medium' : 'low';
    out.push(finding('bidi-control', severity, 'Bidirectional control characters can make text display differently from what the model reads', path, m.index, m.index + m[0].length));
  }
  for (const m of matches(OTHER_FORMAT_RUN, text)) {
    const severity = target.role === 'name' ? 'medium' : 'low';
    const codes = [...m[0]].slice(0, 3).map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(', ');
    out.push(finding('format-characters', severity, `Invisible format characters (${codes}) in the text`, path, m.index, m.index + m[0].length));
  }
  return out;
}
