import { UserError } from '../../core/errors.js';
import type { Command } from '../run.js';

/** `yardstick user` — not built yet. */
export const command: Command = {
  summary: '(user: not available yet)',
  async run() {
    throw new UserError('not_implemented', 'user is not available yet');
  },
};
