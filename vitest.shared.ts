import { defineConfig, type ViteUserConfig } from 'vitest/config';

type TestOptions = NonNullable<ViteUserConfig['test']>;

/**
 * The vitest settings every package shares: tests beside the code (`src/**\/*.test.ts`), type tests in
 * `src/**\/*.test-d.ts` checked by the compiler in vitest's typecheck mode (never run), and a JSON report that
 * tools/pipeline/test-totals sums into the `N passed, N failed` line of `pnpm test`.
 */
export function packageTestConfig(test: TestOptions = {}): ViteUserConfig {
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts'],
      typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
      testTimeout: 60_000,
      reporters: ['default', 'json'],
      outputFile: { json: 'test-results.json' },
      ...test,
    },
  });
}
