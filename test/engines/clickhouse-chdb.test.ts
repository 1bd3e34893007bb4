import { describe, it } from 'vitest';
import { config } from '../../src/config.js';
import { loadChdb } from '../../src/warehouse/clickhouse/chdb-transport.js';
import { ClickHouseEngine } from '../../src/warehouse/clickhouse/engine.js';
import { createClickHouseSchema } from '../../src/warehouse/clickhouse/schema.js';
import { engineContract } from './contract.js';

// ClickHouse 26.x in-process through the optional chdb package (scripts/install-chdb.sh installs it).
const installed = (await loadChdb()) !== undefined;

if (installed) {
  engineContract({
    name: 'clickhouse (chdb)',
    open: async () => {
      const engine = await ClickHouseEngine.openChdb();
      await createClickHouseSchema(engine);
      return engine;
    },
  });
} else if (config().ci) {
  describe('clickhouse (chdb)', () => {
    it('runs in CI', () => {
      throw new Error('chdb is not installed: run scripts/install-chdb.sh before the tests');
    });
  });
} else {
  console.warn(
    'test/engines: skipping the ClickHouse (chdb) contract: chdb is not installed (scripts/install-chdb.sh)',
  );
  describe.skip('clickhouse (chdb): not installed', () => {
    it('runs the engine contract', () => {});
  });
}
