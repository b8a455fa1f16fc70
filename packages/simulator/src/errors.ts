/** Thrown by `startSimulator` (and the CLI) when an option is invalid; the message names the option. */
export class SimulatorConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulatorConfigError';
  }
}

/** Thrown by `sim.testHelpers` when a call cannot apply: an unknown id, a bad script, a session past its card. */
export class SimulatorTestHelperError extends Error {
  /** The HTTP status the same call gets from the `/test-helpers/…` route. */
  readonly status: number;
  readonly code: string | undefined;

  constructor(message: string, status: number, code: string | undefined) {
    super(message);
    this.name = 'SimulatorTestHelperError';
    this.status = status;
    this.code = code;
  }
}
