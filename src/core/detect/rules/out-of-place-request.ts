// A request addressed to an assistant ("Suggest weekend getaways near San Francisco.", "How can I
// back up my documents?") standing on its own line inside tool output. Data (an email, a table,
// a web page) quotes such requests rarely; an injection plants one so the model treats it as a
// task. Only lines that are whole lines count, and only short ones, so prose paragraphs that
// merely contain an imperative do not.
import { finding, type DetectFinding, type ScanTarget, type TextKind } from '../finding.js';
import type { TextProfile } from '../text-profile.js';
import { lineEndWithin, quote } from '../text-tools.js';

// Verbs a user opens a request to an assistant with.
const TASK_VERB =
  'help|suggest|recommend|provide|summari[sz]e|describe|analy[sz]e|determine|write|compose|show|explain|list|give|tell|translate|classify|outline|identify|evaluate|predict|discuss|elaborate|propose|brainstorm|rewrite|rephrase|paraphrase|critique|assess|forecast|advise|teach|guide';
const REQUEST_LINE = new RegExp(
  `^(?:please\\s{1,3})?(?:(?:${TASK_VERB})\\s{1,3}(?!if\\b|whether\\b|of\\b)[\\w'"]|(?:how|what|which|why|where|when|who)\\s{1,3}(?:[a-z]{2,20}\\s{1,3})?(?:do|does|did|can|should|could|would|will|might|are|is|have|has|were|was)\\s{1,3}(?:i|we|my|the|\\w{2,20})\\b[^\\n]{0,200}\\?|(?:can|could|would|will)\\s{1,3}you\\s{1,3}\\w{2,20}|is this\\s{1,3}\\w{2,20}[^\\n]{0,200}\\?)`,
  'i',
);

const MIN_LINE = 15;
const MAX_LINE = 260;
const MAX_REQUESTS = 2;

/** Words a request line can open with (lower case), for the text profiler. */
export const REQUEST_OPENERS: readonly string[] = [
  ...TASK_VERB.replace(/\[sz\]/g, 'z').split('|'),
  ...TASK_VERB.split('|').filter((v) => v.includes('[sz]')).map((v) => v.replace('[sz]', 's')),
  'please', 'how', 'what', 'which', 'why', 'where', 'when', 'who', 'can', 'could', 'would', 'will', 'is',
];

export function detectOutOfPlaceRequest(target: ScanTarget, kind: TextKind, profile: TextProfile): DetectFinding[] {
  if (kind !== 'response') return [];
  const { text, path } = target;
  const out: DetectFinding[] = [];
  // A one-line response is the whole payload, not something planted in data.
  if (profile.openerLines.length === 0 || !text.includes('\n')) return out;
  for (const lineStart of profile.openerLines) {
    const lineEnd = lineEndWithin(text, lineStart, MAX_LINE + 100);
    let s = lineStart;
    let e = lineEnd;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    const length = e - s;
    if (length < MIN_LINE || length > MAX_LINE) continue;
    const line = text.slice(s, e);
    // A planted request is a sentence of its own: capitalised, and not the continuation of a
    // wrapped paragraph (the previous line is blank or ends a sentence).
    const previous = text.slice(Math.max(0, lineStart - 200), lineStart).replace(/[ \t\r]+$/, '');
    const standsAlone = previous.length === 0 || /(?:^|\n)\n?$|[.!?:"')\]]\n$/.test(previous);
    if (standsAlone && /^[A-Z]/.test(line) && !/[|{}<>=;`]/.test(line) && REQUEST_LINE.test(line)) {
      out.push(finding('out-of-place-instruction', 'medium', `A request addressed to the assistant stands alone inside tool output: ${quote(line, 0, line.length)}`, path, s, e));
      if (out.length > MAX_REQUESTS) break;
    }
  }
  // Documentation, recipes and how-tos are full of imperative lines: there, one more is in place.
  // An injection adds one or two requests to data that otherwise has none.
  if (out.length > MAX_REQUESTS) return out.map((f) => ({ ...f, severity: 'low' as const, message: f.message.replace('stands alone inside', 'appears in') })).slice(0, MAX_REQUESTS + 1);
  return out;
}
