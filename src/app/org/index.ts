export * from './actor.js';
export * from './audit.js';
export * from './people.js';
export * from './util.js';
