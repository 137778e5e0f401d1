import type { CliCommand } from './io';
import { checkCommand } from './checkCommand';
import { evalCommand } from './evalCommand';
import { transformerCommand } from './transformerCommand';

/** Every subcommand, in the order `--help` lists them. Each lives in its own module. */
export const commands: CliCommand[] = [checkCommand, evalCommand, transformerCommand];
