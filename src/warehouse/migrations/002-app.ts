import type { Migration } from './index.js';

/** Application tables of the assessment workflow (accounts, periods, scorecards, feedback, audit ...). */
export const appMigration: Migration = {
  id: 2,
  name: 'app',
  up: [],
};
