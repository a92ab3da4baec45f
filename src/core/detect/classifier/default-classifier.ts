// The classifier shipped with Warden: segments a response, scores each segment with the linear
// model trained by scripts/train-detect-classifier.ts, and reports segments above its threshold.
import type { TextClassifier } from '../engine.js';
import { finding, type DetectFinding } from '../finding.js';
import { segments, quote } from '../text-tools.js';
import responseModelJson from './response-model.json' with { type: 'json' };
import { isProse } from './features.js';
import { LinearModel, LinearModelSchema } from './linear-model.js';

let cached: LinearModel | undefined;

function responseModel(): LinearModel {
  cached ??= new LinearModel(LinearModelSchema.parse(responseModelJson));
  return cached;
}

// Scoring every sentence of a multi-megabyte response would dominate the proxy's budget; beyond
// this many segments the classifier samples the start and the end, where injections usually sit.
const MAX_SEGMENTS = 400;

export function classifySegments(model: LinearModel, text: string, path: string): DetectFinding[] {
  let segs = segments(text);
  if (segs.length > MAX_SEGMENTS) segs = [...segs.slice(0, MAX_SEGMENTS / 2), ...segs.slice(-MAX_SEGMENTS / 2)];
  let best: { p: number; start: number; end: number } | undefined;
  for (const seg of segs) {
    const sentence = text.slice(seg.start, seg.end);
    if (!isProse(sentence)) continue;
    const p = model.probability(sentence);
    if (p >= model.threshold && (!best || p > best.p)) best = { p, start: seg.start, end: seg.end };
  }
  if (!best) return [];
  const pct = Math.round(best.p * 100);
  return [finding('classifier-injection', 'medium', `Sentence reads like an instruction to the model (classifier ${pct}%): ${quote(text, best.start, best.end)}`, path, best.start, best.end)];
}

/** The default classifier: responses only (tool definitions are covered by the rules). */
export function defaultClassifier(): TextClassifier {
  return (target, kind) => {
    if (kind !== 'response' || target.role !== 'prose') return [];
    return classifySegments(responseModel(), target.text, target.path);
  };
}
