export * from './drivers.js';
export * from './reviews.js';
