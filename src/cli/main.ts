import { Command, CommanderError } from 'commander';
import { SegmintError } from '../errors.js';
import { registerWorkspaceCommands } from './commands/workspace.js';
import { registerImportCommands } from './commands/import.js';
import { registerSegmentCommands } from './commands/segments.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerServeCommand } from './commands/serve.js';
import { registerKeyCommands } from './commands/keys.js';
import { commandLine, receiveSignals, runInServingThread, wantsServingThread } from './serving-thread.js';

const program = new Command('segmint')
  .description('Contact segmentation for marketing automation: exact, fresh, explainable segments.')
  .option('--data <dir>', 'data directory (env SEGMINT_DATA, default ./segmint-data)')
  .option('--database-url <url>', 'PostgreSQL connection URL (env SEGMINT_DATABASE_URL)')
  .option('--now <iso>', 'evaluation clock, ISO-8601 (env SEGMINT_NOW; default: the wall clock)')
  .option('--json', 'machine-readable output')
  .showHelpAfterError(false)
  .exitOverride();

registerWorkspaceCommands(program);
registerImportCommands(program);
registerSegmentCommands(program);
registerDemoCommand(program);
registerServeCommand(program);
registerKeyCommands(program);

function fail(message: string, code: number): never {
  process.stderr.write(`segmint: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(code);
}

// Errors are printed once, by `fail`; help (asked for, or for a bare command group) still shows.
program.commands.forEach(function quiet(c: Command): void {
  c.exitOverride();
  c.configureOutput({ outputError: () => undefined });
  c.commands.forEach(quiet);
});
program.configureOutput({ outputError: () => undefined });

const argv = commandLine();
if (wantsServingThread(argv)) runInServingThread(new URL(import.meta.url), argv);
else await run();

async function run(): Promise<void> {
  try {
    receiveSignals();
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') process.exit(0);
      fail(e.message.replace(/^error: /, ''), 2);
    }
    if (e instanceof SegmintError) fail(e.message, 1);
    fail((e as Error).message ?? String(e), 1);
  }
}
