export * from './additive.js';
export * from './pace.js';
export * from './ratio.js';
