// Loads the labelled dev corpus (../shared/corpus from the repository root) and measures the
// detectors on it: recall per attack family, false-positive rate per benign family, precision,
// recall and FPR overall, and the same per source group (so a rule that only works on one
// source shows up as such). "Flagged" means verdict warn or block.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkRecord } from '../src/core/detect/check-record.js';
import type { DetectOptions } from '../src/core/detect/engine.js';
import type { TextKind } from '../src/core/detect/finding.js';

export interface CorpusRecord {
  id: string;
  kind: TextKind;
  label: 'malicious' | 'benign';
  family: string;
  text: string;
  tool?: { name: string; description: string; inputSchema: unknown };
  source: string;
}

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS_DIR = path.resolve(REPO_ROOT, '../shared/corpus');

export function loadCorpus(kind: TextKind, dir = CORPUS_DIR): CorpusRecord[] {
  const file = path.join(dir, kind === 'description' ? 'descriptions.jsonl' : 'responses.jsonl');
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusRecord);
}

/**
 * The source group of a record, used for by-source evaluation: the id's source block, and for
 * BIPIA also the kind of context (email, table, code), since each context type is its own
 * collection; LiveMCPBench is split by server name into two halves so benign tools are held out
 * by server rather than by tool.
 */
export function sourceGroup(record: CorpusRecord): string {
  const block = record.id.replace(/-\d+$/, '');
  if (block.startsWith('bipia')) {
    const context = /benchmark\/(email|table|code)\//.exec(record.source)?.[1] ?? 'other';
    return `bipia-${context}`;
  }
  if (block === 'livemcpbench') {
    const server = /#([^/]*)\//.exec(record.source)?.[1] ?? '';
    let h = 0;
    for (let i = 0; i < server.length; i++) h = (h * 31 + server.charCodeAt(i)) >>> 0;
    return `livemcpbench-servers-${h % 2 === 0 ? 'A' : 'B'}`;
  }
  return block;
}

export interface Scored {
  record: CorpusRecord;
  flagged: boolean;
  verdict: string;
  rules: string[];
}

export function scoreCorpus(records: CorpusRecord[], options: DetectOptions): Scored[] {
  return records.map((record) => {
    const input = record.tool ? { id: record.id, tool: record.tool } : { id: record.id, text: record.text };
    const out = checkRecord(input, options);
    return { record, flagged: out.verdict !== 'pass', verdict: out.verdict ?? 'error', rules: [...new Set((out.findings ?? []).map((f) => f.rule))] };
  });
}

export interface Summary {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
  precision: number;
  recall: number;
  fpr: number;
}

export function summarise(scored: Scored[]): Summary {
  let tp = 0;
  let fn = 0;
  let fp = 0;
  let tn = 0;
  for (const s of scored) {
    if (s.record.label === 'malicious') {
      if (s.flagged) tp++;
      else fn++;
    } else if (s.flagged) fp++;
    else tn++;
  }
  return { tp, fn, fp, tn, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1, fpr: fp + tn ? fp / (fp + tn) : 0 };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function formatSummary(s: Summary): string {
  return `precision ${pct(s.precision)}  recall ${pct(s.recall)} (${s.tp}/${s.tp + s.fn})  FPR ${pct(s.fpr)} (${s.fp}/${s.fp + s.tn})`;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    map.set(k, [...(map.get(k) ?? []), item]);
  }
  return new Map([...map.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export function report(title: string, scored: Scored[]): string {
  const lines: string[] = [`\n${title}`, '-'.repeat(title.length)];
  lines.push(`  overall: ${formatSummary(summarise(scored))}`);
  lines.push('  recall per attack family:');
  for (const [family, items] of groupBy(scored.filter((s) => s.record.label === 'malicious'), (s) => s.record.family)) {
    const hit = items.filter((s) => s.flagged).length;
    lines.push(`    ${family.padEnd(52)} ${pct(hit / items.length).padStart(6)}  (${hit}/${items.length})`);
  }
  lines.push('  false-positive rate per benign family:');
  for (const [family, items] of groupBy(scored.filter((s) => s.record.label === 'benign'), (s) => s.record.family)) {
    const hit = items.filter((s) => s.flagged).length;
    lines.push(`    ${family.padEnd(52)} ${pct(hit / items.length).padStart(6)}  (${hit}/${items.length})`);
  }
  lines.push('  by source group (recall on its attacks, FPR on its benign records):');
  for (const [group, items] of groupBy(scored, (s) => sourceGroup(s.record))) {
    const s = summarise(items);
    const parts = [s.tp + s.fn > 0 ? `recall ${pct(s.recall)} (${s.tp}/${s.tp + s.fn})` : '', s.fp + s.tn > 0 ? `FPR ${pct(s.fpr)} (${s.fp}/${s.fp + s.tn})` : ''].filter(Boolean);
    lines.push(`    ${group.padEnd(28)} ${parts.join('  ')}`);
  }
  return lines.join('\n');
}
