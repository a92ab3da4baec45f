/**
 * Characters a reader cannot see or can confuse with others, shown as ⟦U+XXXX⟧ so that a hidden
 * instruction stands out in a diff. Unicode tag characters (U+E0000–U+E007F) mirror ASCII and are
 * used to smuggle text past human review, so their ASCII meaning is shown too.
 */
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb]|\udb40[\udc00-\udc7f]|\udb40[\udd00-\uddef]/g;

function label(char: string): string {
  const code = char.codePointAt(0)!;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  if (code >= 0xe0020 && code <= 0xe007e) return `⟦U+${hex} '${String.fromCharCode(code - 0xe0000)}'⟧`;
  return `⟦U+${hex}⟧`;
}

export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, label);
}
