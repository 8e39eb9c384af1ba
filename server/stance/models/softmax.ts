// The one softmax: the base model's training, the site model's probabilities and the classifier's confidence use it.

/** Probabilities from logits, softened by a temperature (1: none); shifted by the maximum so exp() cannot overflow. */
export function softmax(logits: readonly number[], temperature = 1): number[] {
  const max = Math.max(...logits);
  const exp = logits.map((x) => Math.exp((x - max) / temperature));
  const z = exp.reduce((a, b) => a + b, 0);
  return exp.map((x) => x / z);
}
