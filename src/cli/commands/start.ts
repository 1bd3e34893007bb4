import { UserError } from '../../core/errors.js';
import type { Command } from '../run.js';

/** `yardstick start` — not built yet. */
export const command: Command = {
  summary: '(start: not available yet)',
  async run() {
    throw new UserError('not_implemented', 'start is not available yet');
  },
};
