import { runCli } from './cli/main';

runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
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
