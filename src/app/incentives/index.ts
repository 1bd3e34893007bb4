export * from './export.js';
export * from './incentives.js';
export * from './settings.js';
