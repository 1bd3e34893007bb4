import { UserError } from '../../core/errors.js';
import type { Command } from '../run.js';

/** `yardstick explain` — not built yet. */
export const command: Command = {
  summary: '(explain: not available yet)',
  async run() {
    throw new UserError('not_implemented', 'explain is not available yet');
  },
};
