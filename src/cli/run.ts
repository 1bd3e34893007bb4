import { config } from '../config.js';
import { UserError } from '../core/errors.js';

/** A CLI command: parses its own arguments, writes to stdout, returns the exit code. */
export interface Command {
  summary: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** Where a command writes; tests pass buffers. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  stdin?: NodeJS.ReadableStream;
}

const commands: Record<string, () => Promise<{ command: Command }>> = {
  demo: () => import('./commands/demo.js'),
  serve: () => import('./commands/serve.js'),
  start: () => import('./commands/start.js'),
  import: () => import('./commands/import.js'),
  imports: () => import('./commands/imports.js'),
  metrics: () => import('./commands/metrics.js'),
  explain: () => import('./commands/explain.js'),
  score: () => import('./commands/score.js'),
  attribution: () => import('./commands/attribution.js'),
  clv: () => import('./commands/clv.js'),
  ab: () => import('./commands/ab.js'),
  report: () => import('./commands/report.js'),
  template: () => import('./commands/template.js'),
  user: () => import('./commands/user.js'),
};

const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  stdin: process.stdin,
};

async function usage(io: CliIo): Promise<void> {
  const lines = ['yardstick (量尺) — marketing performance assessment', '', 'usage: yardstick <command> [options]', ''];
  for (const [name, load] of Object.entries(commands)) {
    const { command } = await load();
    lines.push(`  ${name.padEnd(12)} ${command.summary}`);
  }
  lines.push('', 'Run `yardstick <command> --help` for the options of a command.');
  io.out(lines.join('\n'));
}

/** How runCli dispatches: `local` forbids forwarding to a running server (used by the server itself). */
export interface RunOptions {
  local?: boolean;
}

/**
 * Runs one CLI invocation; user errors print one line and exit non-zero, never a stack trace. When a
 * `yardstick serve` holds the target database, the command runs inside that server instead.
 */
export async function runCli(argv: string[], io: CliIo = processIo, options: RunOptions = {}): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    await usage(io);
    return name ? 0 : 1;
  }
  const load = commands[name];
  if (!load) {
    io.err(`yardstick: unknown command "${name}" (see yardstick --help)`);
    return 2;
  }
  try {
    if (!options.local) {
      const { runThroughServer, serverFor } = await import('./remote.js');
      const server = serverFor(argv);
      if (server) return await runThroughServer(server, argv, io);
    }
    const { command } = await load();
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UserError) {
      io.err(`yardstick ${name}: ${error.message}`);
      return 2;
    }
    const code = (error as { code?: string }).code;
    if (
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
      code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ||
      code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
    ) {
      io.err(`yardstick ${name}: ${(error as Error).message}`);
      return 2;
    }
    io.err(`yardstick ${name}: internal error: ${(error as Error).message}`);
    if (config().debug) io.err(String((error as Error).stack));
    return 1;
  }
}
