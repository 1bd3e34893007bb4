import { DuckDbEngine } from './src/warehouse/duckdb/engine.js';
const e = await DuckDbEngine.open('/tmp/h2a/raw.duckdb');
const t = performance.now();
await e.exec(`CREATE OR REPLACE TABLE raw_events AS SELECT * FROM read_csv('/tmp/h2a/events-1m.csv', header = true)`);
console.log('raw', performance.now() - t);
await e.close();
