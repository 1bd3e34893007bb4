import { UserError } from '../../core/errors.js';
import type { Command } from '../run.js';

/** `yardstick template` — not built yet. */
export const command: Command = {
  summary: '(template: not available yet)',
  async run() {
    throw new UserError('not_implemented', 'template is not available yet');
  },
};
