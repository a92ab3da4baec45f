import type { Finding, Severity, ServerEntry, TextRange } from '../../model.js';
import type { LintRule } from '../rule.js';
import { serverFinding } from '../finding.js';
import { SHELLS, cmdSwitch, invocations, shellScriptFlag, unionRange, type Invocation, type Token } from '../tokens.js';

const PYTHONS = /^(?:python|python[23](?:\.\d+)?|py|pypy3?)$/;
/** Downloads piped into an interpreter: curl … | sh, wget -O- … | bash, iwr … | iex. */
const DOWNLOAD_TO_SHELL =
  /\b(?:curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod|fetch)\b[^|\n]{0,2000}\|[ \t]{0,8}(?:sudo[ \t]{1,8})?(?:ba|z|da|k|fi)?sh\b|\b(?:curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod)\b[^|\n]{0,2000}\|[ \t]{0,8}(?:iex|invoke-expression|python3?|node|perl|ruby)\b/i;
const PIPE_TO_SHELL = /\|[ \t]{0,8}(?:sudo[ \t]{1,8})?(?:(?:ba|z|da|k|fi)?sh|iex|invoke-expression)\b/i;
const ENCODED_DOWNLOAD = /\b(?:iex|invoke-expression)\b[ \t]{0,8}\(|downloadstring\(/i;
const SUBSTITUTION = /\$\([^)\n]{1,2000}\)|`[^`\n]{1,2000}`/;

interface Hit {
  severity: Severity;
  message: string;
  range: TextRange;
  trick: string;
}

function span(a: Token, b?: Token): TextRange {
  return b ? unionRange(a.range, b.range) : a.range;
}

function scriptHit(inv: Invocation, flag: Token, script: Token | undefined, what: string): Hit {
  const body = script?.value ?? '';
  if (DOWNLOAD_TO_SHELL.test(body)) {
    return { severity: 'error', trick: 'download-to-shell', range: span(flag, script), message: `${what} downloads a script and pipes it into a shell: code from the network runs unreviewed on every start` };
  }
  return { severity: 'warning', trick: 'inline-script', range: span(flag, script), message: `${what} runs an inline script, so an allowlist on "${inv.program}" permits any command; start the server's program directly` };
}

const NODE_VALUE_OPTIONS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '-C', '--conditions', '--input-type', '--title', '--stack-size']);
const PYTHON_VALUE_OPTIONS = new Set(['-W', '-X', '-Q']);
const NPX_VALUE_OPTIONS = new Set(['-p', '--package', '--registry', '--cache', '--userconfig', '--prefix', '-w', '--workspace']);

/**
 * Index of an option matching re among the runtime's own options, i.e. before the first
 * positional argument (script, module or package); what follows belongs to the program it runs.
 */
function leadingFlag(args: readonly Token[], re: RegExp, valueOptions: ReadonlySet<string>): number {
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (re.test(v)) return i;
    if (v === '--' || v === '-m' || !v.startsWith('-') || v === '-') return -1;
    if (valueOptions.has(v)) i++;
  }
  return -1;
}

function offset(by: number, index: number): number {
  return index >= 0 ? index + by : -1;
}

function interpreterHit(inv: Invocation): Hit | undefined {
  const { program, args } = inv;
  // PowerShell switches come before -File / the command; its options are case-insensitive.
  const find = (re: RegExp): number => {
    for (let i = 0; i < args.length; i++) {
      const v = args[i]!.value;
      if (re.test(v)) return i;
      if (!/^[-/]/.test(v) || /^[-/]f(?:ile)?$/i.test(v)) return -1;
      if (/^[-/](?:executionpolicy|ep|ex|windowstyle|w|outputformat|of|inputformat|if|version|v|configurationname|workingdirectory|wd|settingsfile|custompipename)$/i.test(v)) i++;
    }
    return -1;
  };
  if (SHELLS.has(program)) {
    const i = shellScriptFlag(args);
    if (i >= 0) return scriptHit(inv, args[i]!, args[i + 1], `${program} ${args[i]!.value}`);
  }
  if (program === 'cmd') {
    const i = cmdSwitch(args);
    if (i >= 0) {
      const rest = args.slice(i + 1);
      const joined = rest.map((a) => a.value).join(' ');
      const last = rest[rest.length - 1];
      if (DOWNLOAD_TO_SHELL.test(joined)) return scriptHit(inv, args[i]!, last, `cmd ${args[i]!.value}`);
      // "cmd /c npx -y pkg" with separate plain words is how Windows clients start .cmd shims.
      if (rest.length >= 2 && !/[&|<>^%]/.test(joined)) {
        return { severity: 'info', trick: 'cmd-launcher', range: span(args[i]!, last), message: `cmd ${args[i]!.value} starts "${rest[0]!.value}" through cmd.exe; an allowlist on "cmd" permits any command` };
      }
      return scriptHit(inv, args[i]!, last, `cmd ${args[i]!.value}`);
    }
  }
  if (program === 'powershell' || program === 'pwsh') {
    const enc = find(/^[-/](?:e|ec|en|enc|enco|encod|encode|encoded|encodedc|encodedco|encodedcom|encodedcomm|encodedcomma|encodedcomman|encodedcommand)$/i);
    if (enc >= 0) {
      return { severity: 'error', trick: 'encoded-command', range: span(args[enc]!, args[enc + 1]), message: `${program} ${args[enc]!.value} runs a base64-hidden command that nobody can review in the config` };
    }
    const c = find(/^[-/](?:c|com|comm|comma|comman|command)$/i);
    if (c >= 0) {
      const rest = args.slice(c + 1);
      const last = rest[rest.length - 1];
      const joined = rest.map((a) => a.value).join(' ');
      if (ENCODED_DOWNLOAD.test(joined)) return { severity: 'error', trick: 'download-to-shell', range: span(args[c]!, last), message: `${program} ${args[c]!.value} downloads code and runs it with Invoke-Expression` };
      return scriptHit(inv, args[c]!, last, `${program} ${args[c]!.value}`);
    }
  }
  let i = -1;
  if (program === 'node' || program === 'nodejs' || program === 'bun') i = leadingFlag(args, /^(?:-e|--eval|-p|--print|-pe)$|^--(?:eval|print)=/, NODE_VALUE_OPTIONS);
  else if (program === 'deno') i = args[0]?.value === 'eval' ? 0 : -1;
  else if (PYTHONS.test(program)) i = leadingFlag(args, /^-[A-Za-z]*c$/, PYTHON_VALUE_OPTIONS);
  else if (program === 'perl') i = leadingFlag(args, /^-[A-Za-z]*[eE]$/, new Set(['-I', '-M', '-m']));
  else if (program === 'ruby') i = leadingFlag(args, /^-[A-Za-z]*e$/, new Set(['-I', '-r']));
  else if (program === 'php') i = leadingFlag(args, /^-r$/, new Set(['-c', '-d', '-z']));
  else if (program === 'npx') i = leadingFlag(args, /^(?:-c|--call)$|^--call=/, NPX_VALUE_OPTIONS);
  else if (program === 'npm' && (args[0]?.value === 'exec' || args[0]?.value === 'x')) i = offset(1, leadingFlag(args.slice(1), /^(?:-c|--call)$|^--call=/, NPX_VALUE_OPTIONS));
  else if (program === 'pnpm' && args[0]?.value === 'dlx') i = offset(1, leadingFlag(args.slice(1), /^(?:-c|--shell-mode)$/, new Set(['--package'])));
  if (i >= 0) {
    const flag = args[i]!;
    const script = flag.value.includes('=') ? undefined : args[i + 1];
    return scriptHit(inv, flag, script, `${program} ${flag.value.split('=')[0]}`);
  }
  return undefined;
}

function argumentHit(token: Token): Hit | undefined {
  const v = token.value;
  if (DOWNLOAD_TO_SHELL.test(v)) {
    return { severity: 'error', trick: 'download-to-shell', range: token.range, message: 'argument pipes a download into a shell (curl … | sh): code from the network runs unreviewed' };
  }
  if (PIPE_TO_SHELL.test(v)) {
    return { severity: 'warning', trick: 'pipe-to-shell', range: token.range, message: 'argument pipes into a shell ("| sh"): whatever produces that text decides what runs' };
  }
  if (SUBSTITUTION.test(v)) {
    return { severity: 'warning', trick: 'command-substitution', range: token.range, message: 'argument holds a command substitution ($(…) or `…`): a shell expanding it runs another command' };
  }
  return undefined;
}

/** Shell and interpreter tricks that run arbitrary code while the config looks like one allowed program. */
export const shellInArgs: LintRule = {
  id: 'shell-in-args',
  severity: 'warning',
  title: 'Shell or interpreter runs an inline script',
  docs: 'docs/rules/shell-in-args.md',
  check(server: ServerEntry): Finding[] {
    const hits: Hit[] = [];
    const invs = invocations(server);
    for (const inv of invs) {
      const hit = interpreterHit(inv);
      if (hit) hits.push(hit);
    }
    const covered = (r: TextRange): boolean => hits.some((h) => h.range.offset <= r.offset && r.offset + r.length <= h.range.offset + h.range.length);
    for (const token of [...(server.command ? [{ value: server.command.value, range: server.command.range, argIndex: -1 }] : []), ...server.args.map((a, i) => ({ value: a.value, range: a.range, argIndex: i }))]) {
      if (covered(token.range)) continue;
      const hit = argumentHit(token);
      if (hit) hits.push(hit);
    }
    // Overlapping hits (cmd /c bash -c …) report once: the most severe, then the most specific.
    const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
    const kept: Hit[] = [];
    for (const hit of [...hits].sort((a, b) => order[a.severity] - order[b.severity] || a.range.length - b.range.length)) {
      const overlaps = (k: Hit): boolean => k.range.offset < hit.range.offset + hit.range.length && hit.range.offset < k.range.offset + k.range.length;
      if (kept.some(overlaps)) continue;
      kept.push(hit);
    }
    return kept
      .sort((a, b) => a.range.offset - b.range.offset)
      .map((h) => serverFinding(shellInArgs, server, h.message, { range: h.range, severity: h.severity, data: { kind: 'shell-in-args', trick: h.trick } }));
  },
};
