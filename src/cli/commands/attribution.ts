import { UserError } from '../../core/errors.js';
import type { Command } from '../run.js';

/** `yardstick attribution` — not built yet. */
export const command: Command = {
  summary: '(attribution: not available yet)',
  async run() {
    throw new UserError('not_implemented', 'attribution is not available yet');
  },
};
