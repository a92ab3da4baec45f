// A logistic-regression model over hashed features, stored sparsely as JSON.
import * as z from 'zod';
import { featureIndices } from './features.js';

export const LinearModelSchema = z.object({
  version: z.literal(1),
  /** Where the training data came from and how the model was fitted (kept with the weights). */
  provenance: z.string(),
  bias: z.number(),
  /** Segment probability at or above which the classifier reports a finding. */
  threshold: z.number(),
  indices: z.array(z.number().int().nonnegative()),
  weights: z.array(z.number()),
});

export type LinearModelJson = z.infer<typeof LinearModelSchema>;

export class LinearModel {
  private readonly weights = new Map<number, number>();

  constructor(readonly json: LinearModelJson) {
    json.indices.forEach((index, i) => this.weights.set(index, json.weights[i] ?? 0));
  }

  get threshold(): number {
    return this.json.threshold;
  }

  probability(text: string): number {
    let z = this.json.bias;
    for (const f of featureIndices(text)) z += this.weights.get(f) ?? 0;
    return 1 / (1 + Math.exp(-z));
  }
}
