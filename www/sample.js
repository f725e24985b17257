// The demo's built-in sample data: one definition for the worker and the browser tests' references.
// A synthetic shop with its message log (campaign effects) and planted consumables and entry products.
export const SAMPLE = { customers: 5000, seed: 42, messages: true, consumables: true };
