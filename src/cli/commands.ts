import type { CliCommand } from './io';
import { transformerCommand } from './transformerCommand';

/** Every subcommand, in the order `--help` lists them. Each lives in its own module. */
export const commands: CliCommand[] = [transformerCommand];
