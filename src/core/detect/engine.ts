// Runs every detector over a text or a tool definition and turns the findings into a score and a
// verdict. Pure: no I/O, no globals beyond compiled regexes and the loaded classifier weights.
import type { DetectFinding, DetectSeverity, ScanTarget, TextKind } from './finding.js';
import { detectCodeInsertion } from './rules/code-insertion.js';
import { detectCrossServer, detectDuplicateToolNames, type CrossServerContext } from './rules/cross-server.js';
import { detectEncoded } from './rules/encoded.js';
import { detectExfilChannels } from './rules/exfil-channels.js';
import { detectHarvestingParameter } from './rules/harvesting-parameters.js';
import { detectHiddenMarkup } from './rules/hidden-markup.js';
import { detectInvisible } from './rules/invisible.js';
import { detectMixedScript } from './rules/mixed-script.js';
import { detectOutOfPlaceRequest } from './rules/out-of-place-request.js';
import { detectPhrases } from './rules/phrases.js';
import { detectTerminalEscapes } from './rules/terminal-escapes.js';
import { detectWhitespacePadding } from './rules/whitespace.js';
import { profileText } from './profiler.js';
import { walkTool, type ToolDefinition } from './walk-tool.js';

export type Verdict = 'block' | 'warn' | 'pass';

export interface DetectResult {
  verdict: Verdict;
  /** 0 … 1: how likely the input is an attack, combining every finding. */
  score: number;
  findings: DetectFinding[];
}

/** Scores a span of text (one segment) as injected or not; returns findings for segments above its threshold. */
export type TextClassifier = (target: ScanTarget, kind: TextKind) => DetectFinding[];

export interface DetectOptions {
  kind: TextKind;
  /** Other configured servers and their tools, for the cross-server rules. */
  crossServer?: CrossServerContext;
  /** The learned classifier; omitted means heuristics only. */
  classifier?: TextClassifier;
}

const WEIGHT: Record<DetectSeverity, number> = { high: 0.9, medium: 0.5, low: 0.3 };
export const BLOCK_AT = 0.9;
export const WARN_AT = 0.5;

/**
 * An attacker can repeat a pattern a million times; a few findings per rule and string say all
 * there is to say, and keep the output (and the proxy's memory) bounded.
 */
export const MAX_FINDINGS_PER_RULE = 20;

function addCapped(out: DetectFinding[], found: DetectFinding[]): void {
  const counts = new Map<string, number>();
  for (const f of out) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  for (const f of found) {
    const n = counts.get(f.rule) ?? 0;
    if (n >= MAX_FINDINGS_PER_RULE) continue;
    counts.set(f.rule, n + 1);
    out.push(f);
  }
}

/** Findings for one string; prose gets every rule, names and values only the character-level ones. */
export function scanTarget(target: ScanTarget, options: DetectOptions): DetectFinding[] {
  const { kind } = options;
  const profile = profileText(target.text);
  const out: DetectFinding[] = [];
  const add = (found: DetectFinding[]): void => addCapped(out, found);
  add(detectInvisible(target, kind, profile));
  add(detectTerminalEscapes(target, kind));
  add(detectMixedScript(target, profile));
  if (target.role === 'name') return out;
  add(detectEncoded(target, kind, profile));
  add(detectExfilChannels(target, kind));
  add(detectHiddenMarkup(target, kind));
  if (target.role === 'value' && kind === 'description' && target.text.length < 40) return out;
  add(detectPhrases(target, kind, profile));
  add(detectWhitespacePadding(target, kind, profile));
  add(detectCodeInsertion(target, kind, profile));
  add(detectOutOfPlaceRequest(target, kind, profile));
  add(detectCrossServer(target, options.crossServer));
  if (options.classifier) add(options.classifier(target, kind));
  return out;
}

export function scanText(text: string, options: DetectOptions, path = 'text'): DetectResult {
  return combine(scanTarget({ path, text, role: 'prose' }, options));
}

export function scanTool(tool: ToolDefinition, options: Omit<DetectOptions, 'kind'> & { kind?: TextKind }): DetectResult {
  const full: DetectOptions = { ...options, kind: options.kind ?? 'description' };
  const { targets, properties } = walkTool(tool);
  const findings: DetectFinding[] = [];
  for (const target of targets) for (const f of scanTarget(target, full)) findings.push(f);
  const description = typeof tool.description === 'string' ? tool.description : '';
  for (const prop of properties) for (const f of detectHarvestingParameter(prop, description)) findings.push(f);
  if (typeof tool.name === 'string') for (const f of detectDuplicateToolNames(tool.name, options.crossServer)) findings.push(f);
  return combine(findings);
}

/**
 * Score = 1 − Π(1 − w) over rules, where each rule counts once with its strongest finding: one
 * high finding blocks, one medium warns, a low warns only together with another rule's finding.
 */
export function combine(findings: DetectFinding[]): DetectResult {
  const strongest = new Map<string, number>();
  for (const f of findings) strongest.set(f.rule, Math.max(strongest.get(f.rule) ?? 0, WEIGHT[f.severity]));
  let keep = 1;
  for (const w of strongest.values()) keep *= 1 - w;
  const score = Math.round((1 - keep) * 1000) / 1000;
  const verdict: Verdict = score >= BLOCK_AT ? 'block' : score >= WARN_AT ? 'warn' : 'pass';
  const sorted = [...findings].sort((a, b) => (a.path === b.path ? a.span[0] - b.span[0] : a.path < b.path ? -1 : 1));
  return { verdict, score, findings: sorted };
}
