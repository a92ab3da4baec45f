// A request addressed to an assistant ("Suggest weekend getaways near San Francisco.", "How can I
// back up my documents?") standing on its own line inside tool output. Data (an email, a table,
// a web page) quotes such requests rarely; an injection plants one so the model treats it as a
// task. Only lines that are whole lines count, and only short ones, so prose paragraphs that
// merely contain an imperative do not.
import { finding, type DetectFinding, type ScanTarget, type TextKind } from '../finding.js';
import { quote } from '../text-tools.js';

// Verbs a user opens a request to an assistant with.
const TASK_VERB =
  'help|suggest|recommend|provide|summari[sz]e|describe|analy[sz]e|determine|write|compose|draft|show|explain|list|give|tell|generate|translate|classify|outline|identify|evaluate|predict|compare|discuss|elaborate|share|offer|propose|brainstorm|name|plan|create|calculate|estimate|convert|rewrite|rephrase|paraphrase|review|critique|assess|forecast|advise|teach|guide|remind|mention|include|insert|respond|reply|answer|encode|encrypt|decode|express|render|format';
const REQUEST_LINE = new RegExp(
  `^(?:please\\s{1,3})?(?:(?:${TASK_VERB})\\s{1,3}[\\w'"]|(?:how|what|which|why|where|when|who)\\s{1,3}(?:[a-z]{2,20}\\s{1,3})?(?:do|does|did|can|should|could|would|will|might|are|is|have|has|were|was)\\s{1,3}(?:i|we|my|the|\\w{2,20})\\b[^\\n]{0,200}\\?|(?:can|could|would|will)\\s{1,3}you\\s{1,3}\\w{2,20}|is this\\s{1,3}\\w{2,20}[^\\n]{0,200}\\?)`,
  'i',
);

const MIN_LINE = 15;
const MAX_LINE = 260;

export function detectOutOfPlaceRequest(target: ScanTarget, kind: TextKind): DetectFinding[] {
  if (kind !== 'response') return [];
  const { text, path } = target;
  const out: DetectFinding[] = [];
  // A one-line response is the whole payload, not something planted in data.
  if (!text.includes('\n')) return out;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let s = lineStart;
    let e = lineEnd;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    const length = e - s;
    if (length >= MIN_LINE && length <= MAX_LINE) {
      const line = text.slice(s, e);
      // Tables, code and headers are data; a request is a sentence of words.
      if (!/[|{}<>=;`]|^\s*[#>*-]/.test(line) && /[a-z]/.test(line) && REQUEST_LINE.test(line)) {
        out.push(finding('out-of-place-instruction', 'medium', `A request addressed to the assistant stands alone inside tool output: ${quote(line, 0, line.length)}`, path, s, e));
      }
    }
    lineStart = lineEnd + 1;
  }
  return out;
}
