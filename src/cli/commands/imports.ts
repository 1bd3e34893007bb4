import { UserError } from '../../core/errors.js';
import type { Command } from '../run.js';

/** `yardstick imports` — not built yet. */
export const command: Command = {
  summary: '(imports: not available yet)',
  async run() {
    throw new UserError('not_implemented', 'imports is not available yet');
  },
};
