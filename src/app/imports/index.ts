export * from './jobs.js';
export * from './ownership.js';
export * from './preview.js';
