import type { CliCommand } from './io';
import { checkCommand } from './checkCommand';
import { evalCommand } from './evalCommand';
import { transformerCommand } from './transformerCommand';
import { bpttCommand } from './bpttCommand';
import { explainCommand } from './explainCommand';

/** Every subcommand, in the order `--help` lists them. Each lives in its own module. */
export const commands: CliCommand[] = [checkCommand, evalCommand, transformerCommand, bpttCommand, explainCommand];
