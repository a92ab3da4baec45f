// The launch line of a stdio server as a list of words that keep their place in the config file,
// and the "invocations" it contains once wrappers are unwrapped (cmd /c npx …, bash -c "uvx …",
// env FOO=1 docker …), so every rule sees the program that really starts.

import type { Located, ServerEntry, TextRange } from '../model.js';

export interface Token {
  value: string;
  range: TextRange;
  /** Index in server.args, or -1 for the command (or words split out of it). */
  argIndex: number;
}

export interface Invocation {
  /** Lower-case base name of the program without directory or .exe/.cmd/.bat/.ps1. */
  program: string;
  command: Token;
  args: Token[];
  /** Reached by unwrapping a shell, cmd /c or env, rather than the entry's own command. */
  nested: boolean;
}

/**
 * The range of value[start, end) inside a located string. Exact when the source text is the value
 * itself or the value between one pair of quotes (no escapes); otherwise the whole value's range.
 */
export function subRange(loc: Located, start: number, end: number): TextRange {
  const value = loc.value;
  const r = loc.range;
  let base: number | undefined;
  if (!value.includes('\n')) {
    if (r.length === value.length + 2 && r.start.line === r.end.line) base = 1;
    else if (r.length === value.length && r.start.line === r.end.line) base = 0;
  }
  if (base === undefined || start < 0 || end > value.length || start > end) return r;
  const from = r.offset + base + start;
  const to = r.offset + base + end;
  return {
    offset: from,
    length: to - from,
    start: { line: r.start.line, character: r.start.character + base + start },
    end: { line: r.start.line, character: r.start.character + base + end },
  };
}

/** The smallest range covering both (they must come from the same file). */
export function unionRange(a: TextRange, b: TextRange): TextRange {
  const first = a.offset <= b.offset ? a : b;
  const aEnd = a.offset + a.length;
  const bEnd = b.offset + b.length;
  const last = aEnd >= bEnd ? a : b;
  const end = Math.max(aEnd, bEnd);
  return { offset: first.offset, length: end - first.offset, start: first.start, end: last.end };
}

export function tokenOf(loc: Located, argIndex: number): Token {
  return { value: loc.value, range: loc.range, argIndex };
}

/** A sub-token of a token: value[start, end). */
export function sliceToken(token: Token, start: number, end: number): Token {
  return {
    value: token.value.slice(start, end),
    range: subRange({ value: token.value, range: token.range }, start, end),
    argIndex: token.argIndex,
  };
}

/** Splits a command line held in one token into words (surrounding quotes stripped), each with its own range. */
export function splitWords(token: Token): Token[] {
  const words: Token[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(token.value)) !== null) {
    let start = m.index;
    let end = start + m[0].length;
    const first = token.value[start];
    if ((first === '"' || first === "'") && end - start >= 2 && token.value[end - 1] === first) {
      start++;
      end--;
    }
    words.push(sliceToken(token, start, end));
  }
  return words;
}

export function programName(command: string): string {
  const base = command.trim().split(/[\\/]/).pop() ?? '';
  return base.toLowerCase().replace(/\.(exe|cmd|bat|ps1|com)$/, '');
}

/** The command and args of a server as tokens; a command holding a whole line ("npx -y pkg") is split. */
export function launchTokens(server: ServerEntry): Token[] {
  if (!server.command) return [];
  const command = tokenOf(server.command, -1);
  const args = server.args.map((arg, i) => tokenOf(arg, i));
  const line = command.value.trim();
  // "npx -y pkg" written as one string; but not "C:\Program Files\nodejs\node.exe".
  const isPathWithSpaces = /[\\/]/.test(line) && /\.(?:exe|cmd|bat|com|ps1|sh|js|py)$/i.test(line);
  if (args.length === 0 && /\s/.test(line) && !isPathWithSpaces) return splitWords(command);
  return [command, ...args];
}

export const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'ash', 'fish', 'busybox']);
const SEPARATORS = new Set(['&&', '||', ';', '|', '&']);

/** Index of the -c flag of a POSIX shell (also combined forms like -lc, -ec), or -1. */
export function shellScriptFlag(args: readonly Token[]): number {
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(v) && !v.startsWith('--')) return i;
    if (!v.startsWith('-')) return -1;
  }
  return -1;
}

/** Index of cmd.exe's /c or /k switch, or -1. */
export function cmdSwitch(args: readonly Token[]): number {
  return args.findIndex((a) => /^\/[ck]$/i.test(a.value));
}

function splitSegments(words: Token[]): Token[][] {
  const segments: Token[][] = [[]];
  for (const word of words) {
    if (SEPARATORS.has(word.value)) segments.push([]);
    else segments[segments.length - 1]!.push(word);
  }
  return segments.filter((s) => s.length > 0);
}

function expand(tokens: Token[], nested: boolean, depth: number): Invocation[] {
  const [command, ...args] = tokens;
  if (!command) return [];
  const invocation: Invocation = { program: programName(command.value), command, args, nested };
  const out = [invocation];
  if (depth > 3) return out;
  const program = invocation.program;
  if (program === 'cmd') {
    const i = cmdSwitch(args);
    if (i >= 0) {
      const rest = args.slice(i + 1);
      const words = rest.length === 1 ? splitWords(rest[0]!) : rest;
      for (const segment of splitSegments(words)) out.push(...expand(segment, true, depth + 1));
    }
  } else if (SHELLS.has(program)) {
    const i = shellScriptFlag(args);
    const script = i >= 0 ? args[i + 1] : undefined;
    if (script) for (const segment of splitSegments(splitWords(script))) out.push(...expand(segment, true, depth + 1));
  } else if (program === 'env') {
    let i = 0;
    while (i < args.length && (args[i]!.value.startsWith('-') || args[i]!.value.includes('='))) i++;
    if (i < args.length) out.push(...expand(args.slice(i), true, depth + 1));
  } else if (program === 'powershell' || program === 'pwsh') {
    const i = args.findIndex((a) => /^[-/](c|command)$/i.test(a.value));
    const rest = i >= 0 ? args.slice(i + 1) : [];
    const words = rest.length === 1 ? splitWords(rest[0]!) : rest;
    for (const segment of splitSegments(words)) out.push(...expand(segment, true, depth + 1));
  }
  return out;
}

/** Every program the entry starts: its own command first, then those found inside wrappers. */
export function invocations(server: ServerEntry): Invocation[] {
  return expand(launchTokens(server), false, 0);
}
