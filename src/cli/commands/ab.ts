import { UserError } from '../../core/errors.js';
import type { Command } from '../run.js';

/** `yardstick ab` — not built yet. */
export const command: Command = {
  summary: '(ab: not available yet)',
  async run() {
    throw new UserError('not_implemented', 'ab is not available yet');
  },
};
