export * from './cohort.js';
export * from './repurchase.js';
export * from './rfm.js';
