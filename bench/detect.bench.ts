// Detection quality on the labelled dev corpus (../shared/corpus) and detector speed, each figure
// beside a baseline from the same run. Run alone: node --import tsx bench/detect.bench.ts
// (the lead wires it as `npm run bench:detect`). Targets (issue 5): descriptions recall ≥ 95% at
// FPR ≤ 1%, responses recall ≥ 90% at FPR ≤ 2%; ≥ 50 MB/s on ordinary text; < 100 ms per 1 MB
// adversarial input.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultClassifier } from '../src/core/detect/classifier/default-classifier.js';
import { scanText } from '../src/core/detect/engine.js';
import { adversarialInputs } from './detect-adversarial.js';
import { CORPUS_DIR, formatSummary, loadCorpus, REPO_ROOT, report, scoreCorpus, sourceGroup, summarise, type Scored } from './detect-corpus.js';
import { median, printTable } from './stats.js';

const RUNS = 7;

function bySourceLines(scored: Scored[]): string[] {
  const groups = [...new Set(scored.map((s) => sourceGroup(s.record)))].sort();
  return groups.map((group) => `    ${group.padEnd(28)} ${formatSummary(summarise(scored.filter((s) => sourceGroup(s.record) === group)))}`);
}

function quality(): void {
  process.stdout.write(`\nDetection quality on ${CORPUS_DIR} (flagged = warn or block)\n`);
  for (const kind of ['description', 'response'] as const) {
    const records = loadCorpus(kind);
    const heuristics = scoreCorpus(records, { kind });
    process.stdout.write(`${report(`${kind}s — rules only (the default)`, heuristics)}\n`);
    if (kind === 'response') {
      const withClassifier = scoreCorpus(records, { kind, classifier: defaultClassifier() });
      process.stdout.write(`\n  with the opt-in classifier (--classifier; trained on the BIPIA part of this corpus, so in-sample here):\n`);
      process.stdout.write(`    overall: ${formatSummary(summarise(withClassifier))}\n${bySourceLines(withClassifier).join('\n')}\n`);
      process.stdout.write('    honest out-of-fold figures: node --import tsx scripts/train-detect-classifier.ts\n');
    }
  }
}

/** Benign text from outside the corpus: the README files of installed packages, scanned as tool responses. */
function readmeFalsePositives(): void {
  const root = path.join(REPO_ROOT, 'node_modules');
  if (!existsSync(root)) return;
  let files: string[] = [];
  try {
    files = execFileSync('find', [root, '-iname', 'README.md', '-size', '+1k'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return;
  }
  for (const useClassifier of [false, true]) {
    let flagged = 0;
    for (const file of files) {
      const result = scanText(readFileSync(file, 'utf8'), { kind: 'response', classifier: useClassifier ? defaultClassifier() : undefined });
      if (result.verdict !== 'pass') flagged++;
    }
    const label = useClassifier ? 'with classifier' : 'rules only';
    process.stdout.write(`\nOut-of-corpus benign check (${files.length} package READMEs as responses, ${label}): FPR ${((flagged / files.length) * 100).toFixed(1)}% (${flagged}/${files.length})\n`);
  }
}

function ordinaryText(): string {
  const benign = loadCorpus('response').filter((r) => r.label === 'benign').map((r) => r.text);
  benign.push(...loadCorpus('description').filter((r) => r.label === 'benign').map((r) => r.text));
  let text = '';
  for (let i = 0; text.length < 2_000_000; i++) text += `${benign[i % benign.length]}\n`;
  return text.split('').join(''); // a flat string, as one read from a socket would be
}

function time(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

function speed(): void {
  const text = ordinaryText();
  const json = JSON.stringify({ text });
  const mb = Buffer.byteLength(text, 'utf8') / 1e6;
  const scan: number[] = [];
  const parse: number[] = [];
  const indexOf: number[] = [];
  scanText(text, { kind: 'response' }); // warm-up: JIT and regex compilation
  for (let run = 0; run < RUNS; run++) {
    parse.push(time(() => JSON.parse(json)));
    indexOf.push(time(() => text.indexOf('\u0000not-there')));
    scan.push(time(() => scanText(text, { kind: 'response' })));
  }
  const rate = (ms: number): string => `${(mb / (ms / 1000)).toFixed(1)} MB/s`;
  printTable(`Scanning throughput, ordinary text (${mb.toFixed(1)} MB of benign corpus text, median of ${RUNS})`, [
    ['scanText (all rules)', `${median(scan).toFixed(1)} ms  ${rate(median(scan))}`],
    ['baseline JSON.parse', `${median(parse).toFixed(1)} ms  ${rate(median(parse))}`],
    ['baseline indexOf', `${median(indexOf).toFixed(2)} ms`],
    ['scan / JSON.parse', `${(median(scan) / median(parse)).toFixed(1)}×`],
  ]);

  const rows: Array<[string, string]> = [];
  let worst = 0;
  const times: Array<[string, number]> = [];
  for (const { name, text: input } of adversarialInputs()) {
    for (const kind of ['description', 'response'] as const) {
      const ms = median([0, 1, 2].map(() => time(() => scanText(input, { kind }))));
      times.push([`${kind}: ${name}`, ms]);
      worst = Math.max(worst, ms);
    }
  }
  const oneMb = 'x'.repeat(1_000_000);
  const oneMbJson = JSON.stringify({ oneMb });
  const parseOne = median([0, 1, 2].map(() => time(() => JSON.parse(oneMbJson))));
  times.sort((a, b) => b[1] - a[1]);
  for (const [name, ms] of times.slice(0, 8)) rows.push([name.slice(0, 70), `${ms.toFixed(1)} ms`]);
  rows.push(['median over all inputs', `${median(times.map(([, ms]) => ms)).toFixed(1)} ms`]);
  rows.push(['worst', `${worst.toFixed(1)} ms (target < 100 ms)`]);
  rows.push(['baseline JSON.parse of 1 MB', `${parseOne.toFixed(1)} ms`]);
  printTable(`Adversarial inputs, ~1 MB each (${times.length} cases, median of 3; slowest first)`, rows);
}

export async function benchDetect(): Promise<void> {
  quality();
  readmeFalsePositives();
  speed();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchDetect();
