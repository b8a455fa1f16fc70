import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { run, type Run } from './exec.js';
import { readmeRecipes, type Recipe } from './readme-recipes.js';
import { API_VERSION } from '@dojo-terminals/types';

// The READMEs' recipes, run literally as consumers run them: from the READMEs inside the installed tarballs, in
// the consumer project built from them, with the runners installed there from npm.
const project = inject('consumerProject');
const installed = (name: string): string => join(project, 'node_modules', name);
const contractRecipes = readmeRecipes(await readFile(join(installed('@dojo-terminals/contract'), 'README.md'), 'utf8'));
const simulatorRecipes = readmeRecipes(await readFile(join(installed('@dojo-terminals/simulator'), 'README.md'), 'utf8'));

/** The environment of a consumer's shell: nothing of the vitest running this suite. */
function consumerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(VITEST|TINYPOOL|NODE_OPTIONS$|NODE_ENV$|FORCE_COLOR$)/.test(key)) env[key] = value;
  }
  return { ...env, NO_COLOR: '1', npm_config_update_notifier: 'false', ...extra };
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function answers(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  );
}

/** A directory of the consumer project holding the recipe's files, literally. */
async function recipeDir(recipe: Recipe, variant: string): Promise<string> {
  const dir = join(project, 'recipes', `${recipe.name}-${variant}`);
  await mkdir(dir, { recursive: true });
  for (const [file, content] of recipe.files) await writeFile(join(dir, file), content);
  return dir;
}

const WITHOUT_SOFTWARE_HOUSE = `{ authorization: 'Basic sk_sandbox_test', version: '${API_VERSION}' }`;
/** A test that sends GET /terminals without software-house-id and passes: only the contract check can fail the run. */
const violatingTest = (url: string, imports: string): string => `${imports}
it('sends a request that breaks the spec', async () => {
  const response = await fetch(\`\${${url}}/terminals\`, { headers: ${WITHOUT_SOFTWARE_HOUSE} });
  expect(response.status).toBe(400);
});
`;

interface Runner {
  /** The command, in the recipe's directory. */
  command: (dir: string) => [string, string[]];
  /** Adds the violating test to the recipe's directory. */
  addViolation: (dir: string) => Promise<void>;
}

const RUNNERS: Record<string, Runner> = {
  'vitest-global': {
    command: () => [process.execPath, [join(installed('vitest'), 'vitest.mjs'), 'run']],
    addViolation: (dir) => writeFile(join(dir, 'violation.test.mjs'), violatingTest("inject('dojoBaseUrl')", "import { expect, inject, it } from 'vitest';")),
  },
  'vitest-file': {
    command: () => [process.execPath, [join(installed('vitest'), 'vitest.mjs'), 'run']],
    addViolation: (dir) => writeFile(join(dir, 'violation.test.mjs'), violatingTest('process.env.DOJO_BASE_URL', "import { expect, it } from 'vitest';")),
  },
  jest: {
    command: () => [process.execPath, [join(installed('jest'), 'bin', 'jest.js'), '--ci']],
    addViolation: (dir) => writeFile(join(dir, 'violation.test.cjs'), violatingTest('process.env.DOJO_BASE_URL', '').replace(/^it\(/m, 'test(')),
  },
  'node-test': {
    command: () => [process.execPath, ['--test']],
    // node:test's recipe is one file with its own mock: the violating test goes in the same file.
    addViolation: (dir) =>
      appendFile(
        join(dir, 'terminals.test.mjs'),
        `\ntest('sends a request that breaks the spec', async () => {\n  const response = await fetch(\`\${mock.url}/terminals\`, { headers: ${WITHOUT_SOFTWARE_HOUSE} });\n  assert.equal(response.status, 400);\n});\n`,
      ),
  },
};

async function runRecipe(name: string, violation: boolean): Promise<Run> {
  const recipe = contractRecipes.get(name);
  if (recipe === undefined) throw new Error(`the contract README has no recipe ${name}`);
  const runner = RUNNERS[name]!;
  const dir = await recipeDir(recipe, violation ? 'violation' : 'clean');
  if (violation) await runner.addViolation(dir);
  const [file, args] = runner.command(dir);
  return run(file, args, { cwd: dir, env: consumerEnv(), timeoutMs: 120_000 });
}

describe('the contract README documents every runner recipe that is tested here', () => {
  it('has exactly these recipes', () => {
    expect([...contractRecipes.keys()].sort()).toEqual([...Object.keys(RUNNERS), 'shell'].sort());
  });
});

describe.each(Object.keys(RUNNERS))('contract README recipe %s', (name) => {
  describe.concurrent('', () => {
    it('exits 0 when no exchange broke the spec', async () => {
      const result = await runRecipe(name, false);
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    });

    it('exits non-zero, naming the violation, when a test that passes sent a request that breaks the spec', async () => {
      const result = await runRecipe(name, true);
      const output = `${result.stdout}\n${result.stderr}`;
      expect(result.code, output).not.toBe(0);
      expect(output).toContain('✖ listTerminals (GET /terminals): the request breaks the spec');
      expect(output).toContain('request header software-house-id');
    });
  });
});

describe.concurrent('contract README shell recipe (npx dojo-contract mock in the background)', () => {
  async function runShell(variant: string, env: Record<string, string>): Promise<{ result: Run; port: number; dir: string }> {
    const recipe = contractRecipes.get('shell')!;
    const dir = await recipeDir(recipe, variant);
    await writeFile(join(dir, 'ci.sh'), recipe.script!);
    const port = await freePort();
    const result = await run('bash', ['ci.sh'], { cwd: dir, env: consumerEnv({ PORT: String(port), ...env }), timeoutMs: 120_000 });
    return { result, port, dir };
  }

  it('ends 0 when the tests pass and no exchange broke the spec, and leaves nothing running', async () => {
    const { result, port, dir } = await runShell('clean', {});
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('Stopped: no contract violations.');
    expect(await answers(port)).toBe(false);
    expect(existsSync(join(dir, 'contract.pid'))).toBe(false);
  });

  it("ends 1 with the report when the tests pass but an exchange broke the spec", async () => {
    const { result, port } = await runShell('violation', { DOJO_SEND_BAD_REQUEST: '1' });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(1);
    expect(result.stdout).toContain('request header software-house-id');
    expect(result.stdout).toContain('Stopped: 1 contract violation(s), see above.');
    expect(await answers(port)).toBe(false);
  });

  it("ends with the tests' status when a test fails", async () => {
    const { result } = await runShell('failing', { DOJO_FAIL_A_TEST: '1' });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(1);
    expect(result.stdout).toContain('this test fails on purpose');
    expect(result.stdout).toContain('Stopped: no contract violations.');
  });
});

describe.concurrent('simulator README shell recipes (npx dojo-simulator in the background)', () => {
  it.each([...simulatorRecipes.values()].map((recipe) => recipe.name))('%s: ends 0 and leaves nothing listening', async (name) => {
    const recipe = simulatorRecipes.get(name)!;
    const dir = await recipeDir(recipe, 'run');
    await writeFile(join(dir, 'recipe.sh'), recipe.script!);
    const [port, proxyPort] = [await freePort(), await freePort()];
    const result = await run('bash', ['-e', 'recipe.sh'], { cwd: dir, env: consumerEnv({ PORT: String(port), PROXY_PORT: String(proxyPort) }), timeoutMs: 120_000 });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('tm_');
    expect(await answers(port)).toBe(false);
    expect(await answers(proxyPort)).toBe(false);
  });
});

describe.concurrent('the installed bins started through a package runner in the background', () => {
  /** Starts `<runner> <bin> …` with `&`, stops it as given, and reports whether anything was left. */
  async function background(runner: string, bin: string, stop: 'kill $!' | 'pid file'): Promise<{ result: Run; port: number }> {
    const port = await freePort();
    // Run from the project's root, as a consumer types it: `pnpm exec` finds the project's bins only there.
    const files = join('recipes', `${`${runner}-${bin}`.replace(/\s+/g, '-')}-${stop === 'kill $!' ? 'kill' : 'pidfile'}`);
    await mkdir(join(project, files), { recursive: true });
    const stopLine = stop === 'kill $!' ? 'kill "$runner"' : `kill "$(cat ${files}/bin.pid)"`;
    const script = `${runner} ${bin} --pid-file ${files}/bin.pid > ${files}/bin.log 2>&1 &
runner=$!
for _ in $(seq 1 150); do [ -s ${files}/bin.pid ] && break; sleep 0.2; done
pid=$(cat ${files}/bin.pid)
${stopLine}
wait "$runner"; echo "runner status=$?"
# The bin itself stops too, also when the runner did not pass the signal on.
for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
kill -0 "$pid" 2>/dev/null && echo "$bin left running"
cat ${files}/bin.log
`;
    const result = await run('bash', ['-c', script], { cwd: project, env: consumerEnv({ PORT: String(port) }), timeoutMs: 120_000 });
    return { result, port };
  }

  it.each([
    ['npx', 'dojo-contract mock', 'Stopped: no contract violations.'],
    ['pnpm exec', 'dojo-contract mock', 'Stopped: no contract violations.'],
    ['npx', 'dojo-simulator', 'Dojo simulator stopped'],
    ['pnpm exec', 'dojo-simulator', 'Dojo simulator stopped'],
  ])('%s %s: stopped by its pid file, the runner exits 0 and nothing is left listening', async (runner, bin, stopped) => {
    const { result, port } = await background(runner, bin, 'pid file');
    expect(result.stdout).toContain('runner status=0');
    expect(result.stdout).toContain(stopped);
    expect(result.stdout).not.toContain('left running');
    expect(await answers(port)).toBe(false);
  });

  it.each([
    ['npx', 'dojo-contract mock'],
    ['npx', 'dojo-simulator'],
  ])('%s %s: `kill $!` ends the runner, and the bin stops by itself, leaving nothing listening', async (runner, bin) => {
    const { result, port } = await background(runner, bin, 'kill $!');
    expect(result.stdout).not.toContain('left running');
    expect(await answers(port)).toBe(false);
  });
});
