// Bundle-size budgets, checked by `pnpm lint:package` (min+gzip, dependencies included, as an app bundler would ship them).
// The validators are loaded with import() only when `validateResponses` is on: bundlers put them in a chunk of their
// own, so the client checks treat that module as external and it is measured separately.
const lazyValidators = (config) => ({ ...config, external: /\/validate-response\.js$/ });

export default [
  {
    name: 'whole client: createDojoClient with every operation',
    path: 'dist/index.js',
    import: '{ createDojoClient }',
    gzip: true,
    limit: '8 kB',
    modifyRolldownConfig: lazyValidators,
  },
  {
    // The README's minimal import: the transport (options, timeouts, retries, typed errors) and one generated operation.
    // The goal is 4 kB; this measures 5.52 kB: field errors named in the message, and since issue 14 the bounded
    // body reader, the depth-checked JSON parser and the key's redaction from every error, cause and log line (1.2 kB).
    // The budget guards the current figure until the goal is met.
    name: 'one operation: createTransport + getTerminalSession',
    path: 'dist/index.js',
    import: '{ createTransport, getTerminalSession }',
    gzip: true,
    limit: '5.6 kB',
    modifyRolldownConfig: lazyValidators,
  },
  {
    name: 'response validators, loaded on demand (validateResponses: true)',
    path: 'dist/validate-response.js',
    import: '{ validateResponse }',
    gzip: true,
    limit: '10 kB',
  },
];
