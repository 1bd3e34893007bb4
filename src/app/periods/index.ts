export * from './period-id.js';
export * from './periods.js';
