import { UserError } from '../../core/errors.js';
import type { Command } from '../run.js';

/** `yardstick metrics` — not built yet. */
export const command: Command = {
  summary: '(metrics: not available yet)',
  async run() {
    throw new UserError('not_implemented', 'metrics is not available yet');
  },
};
