/** USD per million tokens, input and output. */
export interface TokenPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

/**
 * List prices of the models a deployment is likely to pick, by model-name prefix. A model
 * not listed is charged at {@link FALLBACK_PRICE}, on the high side, so an unknown model
 * reaches the monthly budget early rather than late.
 */
export const MODEL_PRICES: readonly (readonly [prefix: string, price: TokenPrice])[] = [
  ['claude-haiku', { inputPerMTok: 1, outputPerMTok: 5 }],
  ['claude-3-5-haiku', { inputPerMTok: 0.8, outputPerMTok: 4 }],
  ['claude-sonnet', { inputPerMTok: 3, outputPerMTok: 15 }],
  ['claude-opus', { inputPerMTok: 15, outputPerMTok: 75 }],
  ['gpt-4o-mini', { inputPerMTok: 0.15, outputPerMTok: 0.6 }],
  ['gpt-4o', { inputPerMTok: 2.5, outputPerMTok: 10 }],
  ['gpt-4.1-mini', { inputPerMTok: 0.4, outputPerMTok: 1.6 }],
  ['gpt-4.1', { inputPerMTok: 2, outputPerMTok: 8 }],
];

/** Price used for a model {@link MODEL_PRICES} does not know. */
export const FALLBACK_PRICE: TokenPrice = { inputPerMTok: 15, outputPerMTok: 75 };

/** The price of a model: the longest matching prefix wins. */
export function priceOf(model: string): TokenPrice {
  let best: readonly [string, TokenPrice] | undefined;
  for (const entry of MODEL_PRICES) {
    if (model.startsWith(entry[0]) && (best === undefined || entry[0].length > best[0].length)) best = entry;
  }
  return best?.[1] ?? FALLBACK_PRICE;
}

/** Cost in USD of one call, rounded to a millionth of a dollar. */
export function costUsd(model: string, inputTokens: number, outputTokens: number): number {
  const price = priceOf(model);
  return Math.round((inputTokens * price.inputPerMTok + outputTokens * price.outputPerMTok)) / 1_000_000;
}
