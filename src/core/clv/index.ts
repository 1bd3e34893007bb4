export * from './bgnbd.js';
export * from './gamma-gamma.js';
export * from './historical.js';
export { minimize } from './optimize.js';
export * from './orders-format.js';
export * from './predict.js';
export * from './summary.js';
