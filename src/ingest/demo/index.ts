/** Demo data: one realistic, deterministic year of a Chinese B2B + e-commerce company, at any scale. */
export { DEMO_UTC_OFFSET, todayIn } from './calendar.js';
export { DEMO_CHANNELS } from './channels.js';
export { mqlRuleChangeDate } from './funnel.js';
export { DEMO_TABLES, type DemoFileOptions, type DemoFiles, type DemoTable, generateDemoFiles } from './generate.js';
export { DEMO_PEOPLE, DEMO_TEAMS, type DemoPerson } from './people.js';
export { clearFacts, FACT_TABLES, hasFacts } from './reset.js';
export { DEMO_DEFAULT_EVENTS, type SeedDemoOptions, type SeedDemoResult, seedDemo } from './seed.js';
export { DEMO_SITE, EVENT_COLUMNS } from './traffic.js';
