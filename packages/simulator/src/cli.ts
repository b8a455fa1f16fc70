#!/usr/bin/env node
import { parseCliArgs, USAGE } from './cli-args.js';
import { SimulatorConfigError } from './errors.js';
import { formatScenarioTable } from './scenario-table.js';
import { startSimulator } from './start-simulator.js';
import { untilStopped, writePidFile } from './until-stopped.js';

async function main(): Promise<number> {
  let command;
  try {
    command = parseCliArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof SimulatorConfigError)) throw error;
    console.error(`dojo-simulator: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.help) {
    console.log(USAGE);
    return 0;
  }
  let simulator;
  try {
    simulator = await startSimulator({ ...command.options, logger: { info: (line) => console.log(line), warn: (line) => console.error(line) } });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'EADDRINUSE' ? `port ${command.options.port} is already in use (try --port)` : (error as Error).message;
    console.error(`dojo-simulator: ${message}`);
    return error instanceof SimulatorConfigError ? 2 : 1;
  }
  const sim = simulator;
  console.log(`Scenarios, by the last two digits of the amount in minor units:\n${formatScenarioTable()}`);
  console.log(`Terminals: ${sim.terminals().map((t) => `${t.id} (${t.status})`).join(', ')}`);
  let removePidFile = (): void => {};
  if (command.pidFile !== undefined) {
    try {
      removePidFile = writePidFile(command.pidFile);
    } catch (error) {
      console.error(`dojo-simulator: cannot write --pid-file ${command.pidFile}: ${(error as Error).message}`);
      await sim.stop();
      return 1;
    }
  }
  console.log(`Dojo simulator ready at ${sim.url}`);
  const reason = await untilStopped();
  await sim.stop();
  removePidFile();
  console.log(`Dojo simulator stopped (${reason})`);
  return 0;
}

process.exitCode = await main();
