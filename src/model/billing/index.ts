/**
 * Billing rules: pure functions and one allocation-free per-hour biller. See each module for the
 * rule it encodes and the models.md section it comes from.
 */
export * from './rule.js';
export * from './commitment.js';
export * from './commitmentDefaults.js';
export * from './hourlyBiller.js';
export * from './tier.js';
export * from './onPrem.js';
export * from './sustainedUse.js';
export * from './spotPrice.js';
export * from './unitPrices.js';
