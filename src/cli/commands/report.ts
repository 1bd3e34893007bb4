import { UserError } from '../../core/errors.js';
import type { Command } from '../run.js';

/** `yardstick report` — not built yet. */
export const command: Command = {
  summary: '(report: not available yet)',
  async run() {
    throw new UserError('not_implemented', 'report is not available yet');
  },
};
