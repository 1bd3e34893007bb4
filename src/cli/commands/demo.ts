import { UserError } from '../../core/errors.js';
import type { Command } from '../run.js';

/** `yardstick demo` — not built yet. */
export const command: Command = {
  summary: '(demo: not available yet)',
  async run() {
    throw new UserError('not_implemented', 'demo is not available yet');
  },
};
