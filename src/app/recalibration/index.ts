export * from './recalibration.js';
