/** Thrown by `startSimulator` (and the CLI) when an option is invalid; the message names the option. */
export class SimulatorConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulatorConfigError';
  }
}
