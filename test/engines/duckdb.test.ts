import { openTestWarehouse } from '../../src/warehouse/metrics/test-db.js';
import { engineContract } from './contract.js';

engineContract({ name: 'duckdb', open: openTestWarehouse });
