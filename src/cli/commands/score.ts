import { UserError } from '../../core/errors.js';
import type { Command } from '../run.js';

/** `yardstick score` — not built yet. */
export const command: Command = {
  summary: '(score: not available yet)',
  async run() {
    throw new UserError('not_implemented', 'score is not available yet');
  },
};
