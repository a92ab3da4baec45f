// HTML comments and markup that a renderer hides but a model reads.
import { finding, type DetectFinding, type ScanTarget, type TextKind } from '../finding.js';
import { lineEndWithin, matches, quote } from '../text-tools.js';
import { looksLikeInstruction } from './phrases.js';

const MAX_ELEMENTS = 300;
const HTML_COMMENT = /<!--([^]{0,20000}?)(?:-->|$)/g;
// Elements hidden by style or attribute; the content up to the next closing tag is what is hidden.
// Sticky: tried only where a tag can open (found by OPENING_TAG), not at every character.
const HIDDEN_ELEMENT =
  /<(\w{1,20})\b[^>]{0,300}?(?:display\s{0,3}:\s{0,3}none|visibility\s{0,3}:\s{0,3}hidden|font-size\s{0,3}:\s{0,3}0(?:px|pt|em)?\b|opacity\s{0,3}:\s{0,3}0(?:\.0{1,3})?\b|color\s{0,3}:\s{0,3}(?:white|#fff(?:fff)?|transparent)\b|\shidden(?:\s|>|=)|aria-hidden\s{0,3}=\s{0,3}["']?true)[^>]{0,300}>([^<]{0,5000})/iy;

/** Where HIDDEN_ELEMENT can match: '<' and a word character (a page of "<<" or "< " costs one native scan). */
const OPENING_TAG = /<\w/g;

export function detectHiddenMarkup(target: ScanTarget, kind: TextKind): DetectFinding[] {
  const { text, path } = target;
  const out: DetectFinding[] = [];
  if (text.includes('<!--')) {
    let examined = 0;
    for (const m of matches(HTML_COMMENT, text)) {
      // Thousands of comments in one text add nothing after the first few hundred.
      if (out.length >= 20 || ++examined > MAX_ELEMENTS) break;
      const body = m[1] ?? '';
      const start = m.index;
      const end = start + m[0].length;
      if (looksLikeInstruction(body)) {
        out.push(finding('html-comment-instruction', 'high', `HTML comment (invisible when rendered) carries instructions: ${quote(body, 0, body.length)}`, path, start, end));
      } else if (kind === 'description' && body.trim().length > 0) {
        out.push(finding('hidden-markup', 'medium', 'HTML comment in a tool definition is invisible when rendered', path, start, end));
      }
    }
  }
  let examined = 0;
  OPENING_TAG.lastIndex = 0;
  while (out.length < 40 && examined < MAX_ELEMENTS && OPENING_TAG.test(text)) {
    HIDDEN_ELEMENT.lastIndex = OPENING_TAG.lastIndex - 2;
    const m = HIDDEN_ELEMENT.exec(text);
    if (!m) continue;
    examined++;
    // Matches do not overlap: the next one starts after this one, as a global scan would find it.
    OPENING_TAG.lastIndex = m.index + m[0].length;
    const body = m[2] ?? '';
    if (body.trim().length === 0) continue;
    const start = m.index;
    const end = start + m[0].length;
    const instruction = looksLikeInstruction(body);
    const severity = instruction ? 'high' : kind === 'description' ? 'medium' : 'low';
    out.push(finding('hidden-markup', severity, `Text hidden from view by markup: ${quote(body, 0, body.length)}`, path, start, end));
  }
  OPENING_TAG.lastIndex = 0;
  if (kind === 'response') {
    for (const marker of ['#', '//']) {
      for (let at = text.indexOf(marker); at >= 0 && out.length < 60; at = text.indexOf(marker, at + marker.length)) {
        const before = at > 0 ? text.charCodeAt(at - 1) : 10;
        if (before !== 10 && before !== 32 && before !== 9) continue;
        let start = at + marker.length;
        while (start < text.length && (text[start] === ' ' || text[start] === '\t')) start++;
        const end = lineEndWithin(text, start, 400);
        if (end - start < 8) continue;
        const body = text.slice(start, end);
        if (!READER_DIRECTED_COMMENT.test(body)) continue;
        out.push(finding('html-comment-instruction', 'medium', `Code comment addresses the reader instead of the code: ${quote(body, 0, body.length)}`, path, start, end));
      }
    }
  }
  return out;
}

// Comments that talk to whoever reads the code about what to answer, rather than about the code.
const READER_DIRECTED_COMMENT =
  /\b(?:ignor\w{0,4}\s{1,3}(?:the|all|any|previous|prior|your)\s{1,3}(?:function|instructions?|previous|prior|webpage|document|above|question|task)|disregard|state (?:that )?the (?:output|result|answer)|the (?:output|result|answer) (?:is|could be|would be|should be|must be)|consider the output|I suggest you|assistant|AI model|language model|override mode|when (?:a|this) function is called)\b/i;
