import { UserError } from '../../core/errors.js';
import type { Command } from '../run.js';

/** `yardstick import` — not built yet. */
export const command: Command = {
  summary: '(import: not available yet)',
  async run() {
    throw new UserError('not_implemented', 'import is not available yet');
  },
};
