/**
 * Runs hey-api with the console muted: its plugins print notes such as `unsupported type: examples` straight to the
 * console even with silent logs. Errors still surface as the thrown error.
 */
export async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const { log, warn } = console;
  console.log = () => {};
  console.warn = () => {};
  try {
    return await run();
  } finally {
    console.log = log;
    console.warn = warn;
  }
}
