// Bundle-size budgets, checked by `pnpm lint:package` (min+gzip, dependencies included, as an app bundler would ship them).
// The validators are loaded with import() only when `validateResponses` is on: bundlers put them in a chunk of their
// own, so the client checks treat that module as external and it is measured separately.
const lazyValidators = (config) => ({ ...config, external: [...(config.external ?? []), '*/validate-response.js'] });

export default [
  {
    name: 'whole client: createDojoClient with all 19 operations',
    path: 'dist/index.js',
    import: '{ createDojoClient }',
    gzip: true,
    limit: '10 kB',
    modifyEsbuildConfig: lazyValidators,
  },
  {
    name: "one generated operation with hey-api's fetch client (the floor under any client bundle)",
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
