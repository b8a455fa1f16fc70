// Bundle-size budgets, checked by `pnpm lint:package` (min+gzip, dependencies included, as an app bundler would ship them).
// The validators are loaded with import() only when `validateResponses` is on: bundlers put them in a chunk of their
// own, so the client checks treat that module as external and it is measured separately.
const lazyValidators = (config) => ({ ...config, external: /\/validate-response\.js$/ });

export default [
  {
    name: 'whole client: createDojoClient with all 19 operations',
    path: 'dist/index.js',
    import: '{ createDojoClient }',
    gzip: true,
    limit: '10 kB',
    modifyRolldownConfig: lazyValidators,
  },
  {
    // What a bundle of one call ships at least: the transport core (options, timeouts, retries, typed errors) that
    // every operation goes through, hey-api's fetch client and one generated operation. `createDojoClient` itself
    // brings all 19 operations (the entry above). The budget guards against regressions: the 4 kB goal for
    // one operation is out of reach while hey-api's client alone weighs 3.9 kB (the entry below).
    name: "one operation through the front: getTerminal + hey-api's fetch client + the transport core",
    import: { 'dist/transport.js': '{ createTransport }', 'dist/generated/sdk.gen.js': '{ getTerminal }' },
    gzip: true,
    limit: '8 kB',
    modifyRolldownConfig: lazyValidators,
  },
  {
    name: "one generated operation with hey-api's fetch client, no front (the floor under any client bundle)",
    path: 'dist/generated/sdk.gen.js',
    import: '{ getTerminal }',
    gzip: true,
    limit: '4 kB',
  },
  {
    name: 'response validators, loaded on demand (validateResponses: true)',
    path: 'dist/validate-response.js',
    import: '{ validateResponse }',
    gzip: true,
    limit: '10 kB',
  },
];
