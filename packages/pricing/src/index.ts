// @mkt/pricing: the marketplace's money rules as pure functions (no I/O), used by cart, order
// and payment so that every service computes the same cents.
export * from "./rounding.js";
export * from "./vat.js";
export * from "./totals.js";
export * from "./split.js";
