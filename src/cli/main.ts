import { parseArgs } from 'node:util';
import { CliCommand, CliError, CliIO } from './io';
import { commands } from './commands';

import { version } from './version';

export { version };

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = [
    'dlmath — check and evaluate the LaTeX math in deep-learning answers (Markdown).',
    '',
    'Usage: dlmath <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options: --json (one JSON document on stdout), --help, --version;',
    '  --lang en|fa for check and eval (messages in English, the default, or Persian)',
    'Exit status: 0 success, 1 `check` found errors, 2 usage, input or I/O error.',
    'Run `dlmath <command> --help` for a command\'s options.',
  ];
  return lines.join('\n') + '\n';
}

/** Runs the CLI with the given arguments; resolves to the exit status. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(helpText());
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(version() + '\n');
    return 0;
  }
  const command: CliCommand | undefined = commands.find((c) => c.name === first);
  if (!command) {
    io.stderr(`dlmath: unknown command '${first}' (try dlmath --help)\n`);
    return 2;
  }
  const beforeDashes = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (beforeDashes.includes('--help') || beforeDashes.includes('-h')) {
    io.stdout(command.usage.trimEnd() + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(`dlmath ${command.name}: ${e.message}\n`);
      return e.exitCode;
    }
    const msg = e instanceof Error ? e.message : String(e);
    // Node's own argument errors are usage errors too.
    io.stderr(`dlmath ${command.name}: ${msg.split('\n')[0]}\n`);
    return 2;
  }
}

export { parseArgs };
