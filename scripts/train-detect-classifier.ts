// Trains the response classifier (src/core/detect/classifier/response-model.json) and prints an
// honest evaluation of it. Run: node --import tsx scripts/train-detect-classifier.ts [--write]
//
// Data: the labelled dev corpus in ../shared/corpus (see its README for sources and licences).
// Only BIPIA records train the model (microsoft/BIPIA@1a2a91d, MIT; contexts from OpenAI evals
// (MIT), Stack Exchange and WikiTableQuestions (CC BY-SA 4.0)). A training example is one
// segment (sentence or line): every segment of a clean BIPIA context is negative; a segment of an
// injected record that occurs in no clean context is the injected text, hence positive.
// CyberSecEval records never train the model: they stay an out-of-source check.
//
// Model: logistic regression over hashed word unigrams and bigrams (see classifier/features.ts),
// fitted with AdaGrad and L2, positives up-weighted to balance the classes; only prose segments
// (not code or table rows) are used. The threshold is the segment score that keeps about 0.5% of
// clean documents flagged, measured out-of-fold (inner 4-fold split of the training documents).
//
// Outcome on the dev corpus (see docs/detectors.md): the rules already reach the targets and the
// classifier adds little recall out-of-fold at a clear false-positive cost, so it ships opt-in
// (`mcp-warden check --classifier`), not in the default verdict.
//
// Evaluation, both with heuristics + classifier combined through the engine as shipped:
//   1. leave-attack-families-out (5 folds): the model never sees the held-out attack families;
//   2. leave-one-context-source-out (email / table / code).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadCorpus, REPO_ROOT, summarise, formatSummary, type CorpusRecord, type Scored } from '../bench/detect-corpus.js';
import { checkRecord } from '../src/core/detect/check-record.js';
import type { TextClassifier } from '../src/core/detect/engine.js';
import { classifySegments } from '../src/core/detect/classifier/default-classifier.js';
import { featureIndices, FEATURE_BITS, isProse } from '../src/core/detect/classifier/features.js';
import { LinearModel, type LinearModelJson } from '../src/core/detect/classifier/linear-model.js';
import { segments } from '../src/core/detect/text-tools.js';

interface Example {
  features: number[];
  label: 0 | 1;
}

const EPOCHS = 6;
const LEARNING_RATE = 0.2;
const L2 = 1e-4;
const TARGET_DOC_FPR = 0.005;

function segmentTexts(text: string): string[] {
  return segments(text)
    .map((s) => text.slice(s.start, s.end))
    .filter(isProse);
}

function context(record: CorpusRecord): string {
  return /benchmark\/(email|table|code)\//.exec(record.source)?.[1] ?? 'other';
}

/** Segment examples of BIPIA records (see the header comment for the labelling rule). */
function examples(records: CorpusRecord[], cleanTexts: string[]): Example[] {
  const out: Example[] = [];
  for (const record of records) {
    for (const seg of segmentTexts(record.text)) {
      if (record.label === 'benign') out.push({ features: featureIndices(seg), label: 0 });
      else if (!cleanTexts.some((clean) => clean.includes(seg))) out.push({ features: featureIndices(seg), label: 1 });
    }
  }
  return out;
}

function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function fit(data: Example[]): { bias: number; weights: Float64Array } {
  const weights = new Float64Array(1 << FEATURE_BITS);
  const squared = new Float64Array(1 << FEATURE_BITS).fill(1e-8);
  let bias = 0;
  let biasSquared = 1e-8;
  const positives = data.filter((e) => e.label === 1).length;
  const positiveWeight = Math.min(20, (data.length - positives) / Math.max(1, positives));
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (const example of shuffle(data, 20251125 + epoch)) {
      let z = bias;
      for (const f of example.features) z += weights[f]!;
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - example.label) * (example.label === 1 ? positiveWeight : 1);
      for (const f of example.features) {
        const grad = g + L2 * weights[f]!;
        squared[f]! += grad * grad;
        weights[f]! -= (LEARNING_RATE * grad) / Math.sqrt(squared[f]!);
      }
      biasSquared += g * g;
      bias -= (LEARNING_RATE * g) / Math.sqrt(biasSquared);
    }
  }
  return { bias, weights };
}

function toJson(bias: number, weights: Float64Array, threshold: number, provenance: string): LinearModelJson {
  const indices: number[] = [];
  const values: number[] = [];
  weights.forEach((w, i) => {
    if (Math.abs(w) >= 1e-3) {
      indices.push(i);
      values.push(Math.round(w * 1e4) / 1e4);
    }
  });
  return { version: 1, provenance, bias: Math.round(bias * 1e4) / 1e4, threshold, indices, weights: values };
}

const INNER_FOLDS = 4;

/**
 * Fits on all given records; the threshold comes from out-of-fold scores (4 inner folds over the
 * clean documents), because a model scores its own training documents far lower than new ones.
 */
function train(records: CorpusRecord[], provenance: string): LinearModelJson {
  const benign = records.filter((r) => r.label === 'benign');
  const cleanTexts = benign.map((r) => r.text);
  const maxima: number[] = [];
  for (let fold = 0; fold < INNER_FOLDS; fold++) {
    const inFold = (r: CorpusRecord): boolean => r.label === 'benign' && hashId(r.id) % INNER_FOLDS === fold;
    const { bias, weights } = fit(examples(records.filter((r) => !inFold(r)), cleanTexts));
    const model = new LinearModel(toJson(bias, weights, 0.5, provenance));
    for (const doc of records.filter(inFold)) maxima.push(Math.max(0, ...segmentTexts(doc.text).map((seg) => model.probability(seg))));
  }
  maxima.sort((a, b) => b - a);
  const threshold = Math.min(0.995, Math.max(0.5, (maxima[Math.floor(maxima.length * TARGET_DOC_FPR)] ?? 0.5) + 1e-4));
  const { bias, weights } = fit(examples(records, cleanTexts));
  return toJson(bias, weights, Math.round(threshold * 1e4) / 1e4, provenance);
}

function hashId(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (Math.imul(h, 31) + id.charCodeAt(i)) >>> 0;
  return h;
}

function classifierOf(json: LinearModelJson): TextClassifier {
  const model = new LinearModel(json);
  return (target, kind) => (kind === 'response' && target.role === 'prose' ? classifySegments(model, target.text, target.path) : []);
}

function evaluate(records: CorpusRecord[], classifier: TextClassifier | undefined): Scored[] {
  return records.map((record) => {
    const out = checkRecord({ id: record.id, text: record.text }, { kind: 'response', classifier });
    return { record, flagged: out.verdict !== 'pass', verdict: out.verdict ?? 'error', rules: (out.findings ?? []).map((f) => f.rule) };
  });
}

function line(label: string, heuristics: Scored[], combined: Scored[]): string {
  return `  ${label.padEnd(34)} heuristics: ${formatSummary(summarise(heuristics))}\n  ${''.padEnd(34)} + classifier: ${formatSummary(summarise(combined))}`;
}

const all = loadCorpus('response');
const bipia = all.filter((r) => r.id.startsWith('bipia'));
const outOfSource = all.filter((r) => !r.id.startsWith('bipia'));
const provenance =
  'Logistic regression on hashed word 1-2-grams; trained by scripts/train-detect-classifier.ts on BIPIA (microsoft/BIPIA@1a2a91d, MIT; contexts OpenAI evals MIT, Stack Exchange and WikiTableQuestions CC BY-SA 4.0) segments from the MCP Warden dev corpus; CyberSecEval held out.';

// 1. Leave attack families out.
const families = [...new Set(bipia.filter((r) => r.label === 'malicious').map((r) => r.family))].sort();
const FOLDS = 5;
const heldFamilies: Scored[] = [];
const heldFamiliesCombined: Scored[] = [];
for (let fold = 0; fold < FOLDS; fold++) {
  const held = new Set(families.filter((_, i) => i % FOLDS === fold));
  // Benign documents are split into folds too, so clean test documents are unseen.
  const benignFold = (r: CorpusRecord): number => Number(r.id.replace(/\D/g, '')) % FOLDS;
  const trainSet = bipia.filter((r) => (r.label === 'malicious' ? !held.has(r.family) : benignFold(r) !== fold));
  const testSet = bipia.filter((r) => (r.label === 'malicious' ? held.has(r.family) : benignFold(r) === fold));
  const model = train(trainSet, 'cv');
  heldFamilies.push(...evaluate(testSet, undefined));
  heldFamiliesCombined.push(...evaluate(testSet, classifierOf(model)));
}

// 2. Leave one context source out (the text-attack pool is shared by email and table contexts,
// so this split shows context transfer, not unseen attacks; the family split above shows that).
const sourceRows: string[] = [];
for (const held of ['email', 'table', 'code']) {
  const model = train(bipia.filter((r) => context(r) !== held), 'cv');
  const testSet = bipia.filter((r) => context(r) === held);
  sourceRows.push(line(`held-out bipia-${held}`, evaluate(testSet, undefined), evaluate(testSet, classifierOf(model))));
}

const final = train(bipia, provenance);
process.stdout.write(`Response classifier: ${final.indices.length} non-zero weights, threshold ${final.threshold}\n\n`);
process.stdout.write('Leave-attack-families-out (5 folds over BIPIA; each attack family unseen when tested):\n');
process.stdout.write(`${line('all folds', heldFamilies, heldFamiliesCombined)}\n\n`);
process.stdout.write('Leave-one-context-source-out:\n');
process.stdout.write(`${sourceRows.join('\n')}\n\n`);
process.stdout.write('Out of source (CyberSecEval, never used for training; final model):\n');
process.stdout.write(`${line('cyberseceval', evaluate(outOfSource, undefined), evaluate(outOfSource, classifierOf(final)))}\n`);

if (process.argv.includes('--write')) {
  const file = path.join(REPO_ROOT, 'src/core/detect/classifier/response-model.json');
  writeFileSync(file, `${JSON.stringify(final)}\n`);
  process.stdout.write(`\nwrote ${path.relative(REPO_ROOT, file)}\n`);
}
