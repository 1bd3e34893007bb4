import { UserError } from '../../core/errors.js';
import type { Command } from '../run.js';

/** `yardstick serve` — not built yet. */
export const command: Command = {
  summary: '(serve: not available yet)',
  async run() {
    throw new UserError('not_implemented', 'serve is not available yet');
  },
};
