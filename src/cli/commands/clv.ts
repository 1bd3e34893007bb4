import { UserError } from '../../core/errors.js';
import type { Command } from '../run.js';

/** `yardstick clv` — not built yet. */
export const command: Command = {
  summary: '(clv: not available yet)',
  async run() {
    throw new UserError('not_implemented', 'clv is not available yet');
  },
};
