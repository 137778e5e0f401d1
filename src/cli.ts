import { once } from 'node:events';
import { isMainThread } from 'node:worker_threads';
import { runCli } from './cli/main';

// the same file runs `dlmath check`'s worker threads (src/cli/checkCommand.ts): they never run the CLI
if (isMainThread) runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  drained: () => (process.stdout.writableNeedDrain ? once(process.stdout, 'drain').then(() => undefined) : Promise.resolve()),
  stderr: (s) => process.stderr.write(s),
  readFile: undefined,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`dlmath: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
