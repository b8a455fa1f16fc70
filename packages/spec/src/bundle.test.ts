import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  examplesOf,
  isJsonMediaType,
  isObject,
  loadBundle,
  mediaTypes,
  pathOperations,
  requestBodyOf,
  responsesOf,
  webhookOperations,
  type Operation,
} from './test-support/openapi.js';
import {
  buildScriptPath,
  bundleJsonPath,
  bundleYamlPath,
  distIndexPath,
  packageDir,
  referenceHtmlPath,
  repoRoot,
} from './test-support/paths.js';

const doc = loadBundle();
const operations = pathOperations(doc);
const webhooks = webhookOperations(doc);

// What the source description declares, read from its files (the root's `paths:` and `webhooks:` keys, each path
// file's methods), so that the bundle is checked against the spec rather than against a list kept by hand.
const root = readFileSync(join(repoRoot, 'spec/openapi.yaml'), 'utf8');
const section = (name: string) => [...(root.split(`\n${name}:\n`)[1] ?? '').split(/\n(?=\S)/)[0]!.matchAll(/^  (\S+):\n    \$ref: (\S+)$/gm)];
const EXPECTED_OPERATIONS = section('paths').flatMap(([, path, ref]) =>
  [...readFileSync(join(repoRoot, 'spec', ref!), 'utf8').matchAll(/^(get|put|post|delete|patch):$/gm)].map(([, method]) => `${method!.toUpperCase()} ${path}`),
);
const EXPECTED_WEBHOOKS = section('webhooks').map(([, name]) => name!);

const key = (operation: Operation): string => `${operation.method.toUpperCase()} ${operation.path}`;

function headerParam(operation: Operation, name: string) {
  return operation.parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === name.toLowerCase());
}

describe('bundle shape', () => {
  it('is OpenAPI 3.1.x', () => {
    expect(doc['openapi']).toMatch(/^3\.1\.\d+$/);
  });

  it('has exactly the expected operations (METHOD path)', () => {
    expect(EXPECTED_OPERATIONS.length).toBeGreaterThanOrEqual(19);
    expect(operations.map(key).sort()).toEqual([...EXPECTED_OPERATIONS].sort());
  });

  it('has exactly the webhooks of the source, each a POST', () => {
    expect(EXPECTED_WEBHOOKS.length).toBeGreaterThanOrEqual(3);
    const webhookMap = doc['webhooks'];
    expect(isObject(webhookMap), 'webhooks is an object').toBe(true);
    expect(Object.keys(isObject(webhookMap) ? webhookMap : {}).sort()).toEqual([...EXPECTED_WEBHOOKS].sort());
    expect(webhooks.map(key).sort()).toEqual(EXPECTED_WEBHOOKS.map((name) => `POST ${name}`).sort());
  });

  it.each(EXPECTED_WEBHOOKS)('webhook %s declares the dojo-signature header', (name) => {
    const webhook = webhooks.find((w) => w.path === name && w.method === 'post');
    expect(webhook, `webhook ${name} has a POST`).toBeDefined();
    expect(headerParam(webhook!, 'dojo-signature'), `${name}: parameters include header dojo-signature`).toBeDefined();
  });

  it('operationIds are present, unique and camelCase', () => {
    const all = [...operations, ...webhooks];
    const missing = operations.filter((o) => o.operationId === undefined).map(key);
    expect(missing, 'operations without operationId').toEqual([]);
    const ids = all.map((o) => o.operationId).filter((id): id is string => id !== undefined);
    const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
    expect(duplicates, 'duplicate operationIds').toEqual([]);
    const notCamel = ids.filter((id) => !/^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)*$/.test(id));
    expect(notCamel, 'operationIds that are not camelCase').toEqual([]);
  });
});

describe('parameters', () => {
  it.each(operations.map((o) => [key(o), o] as const))('%s has a required `version` header', (_, operation) => {
    const version = headerParam(operation, 'version');
    expect(version, 'version header parameter').toBeDefined();
    expect(version!.required, 'version header is required').toBe(true);
  });

  const terminalOps = operations.filter((o) => o.path.startsWith('/terminal'));

  it('some operations are terminal operations', () => {
    expect(terminalOps.length).toBeGreaterThan(0);
  });

  it.each(terminalOps.map((o) => [key(o), o] as const))(
    '%s has a required software-house-id and a reseller-id header',
    (_, operation) => {
      const softwareHouse = headerParam(operation, 'software-house-id');
      expect(softwareHouse, 'software-house-id header parameter').toBeDefined();
      expect(softwareHouse!.required, 'software-house-id is required').toBe(true);
      expect(headerParam(operation, 'reseller-id'), 'reseller-id header parameter').toBeDefined();
    },
  );

  it('POST /payment-intents/{paymentIntentId}/refunds has an IdempotencyKey header', () => {
    const refunds = operations.find((o) => key(o) === 'POST /payment-intents/{paymentIntentId}/refunds');
    expect(refunds).toBeDefined();
    const idempotency = refunds!.parameters.find((p) => p.in === 'header' && p.name === 'IdempotencyKey');
    expect(idempotency, 'header parameter named exactly IdempotencyKey').toBeDefined();
  });
});

describe('responses and examples', () => {
  it.each(operations.map((o) => [key(o), o] as const))('%s documents at least one 4xx response', (_, operation) => {
    const statuses = responsesOf(doc, operation).map((r) => r.status);
    expect(statuses.filter((s) => /^4(\d\d|XX)$/i.test(s)), `responses: ${statuses.join(', ')}`).not.toEqual([]);
  });

  it.each([...operations, ...webhooks].map((o) => [o.label, o] as const))(
    '%s: request body and 2xx JSON responses have named examples',
    (_, operation) => {
      const problems: string[] = [];
      const check = (where: string, node: Parameters<typeof examplesOf>[1], pointer: string): void => {
        const named = examplesOf(doc, node, pointer).filter((e) => e.named);
        if (named.length === 0) problems.push(`${where}: no named example (an \`examples\` map with at least one entry)`);
        for (const example of named) {
          if (!example.hasValue) problems.push(`${where}: example "${example.name}" has no \`value\``);
        }
      };
      const body = requestBodyOf(doc, operation);
      if (body) {
        const media = mediaTypes(body);
        if (media.length === 0) problems.push('request body: no content');
        for (const m of media) check(`request body ${m.mediaType}`, m.node, m.pointer);
      }
      for (const response of responsesOf(doc, operation)) {
        if (!/^2(\d\d|XX)$/i.test(response.status)) continue;
        for (const m of mediaTypes(response)) {
          if (isJsonMediaType(m.mediaType)) check(`response ${response.status} ${m.mediaType}`, m.node, m.pointer);
        }
      }
      expect(problems, problems.join('\n')).toEqual([]);
    },
  );
});

describe('build output', () => {
  it('dist/index.js exports absolute paths of the built files', async () => {
    const index = (await import(/* @vite-ignore */ distIndexPath)) as Record<string, unknown>;
    const expected = {
      openapiJsonPath: bundleJsonPath,
      openapiYamlPath: bundleYamlPath,
      referenceHtmlPath,
    };
    for (const [name, path] of Object.entries(expected)) {
      const value = index[name];
      expect(typeof value, `${name} is a string`).toBe('string');
      expect(isAbsolute(value as string), `${name} is absolute`).toBe(true);
      expect(value, name).toBe(path);
      expect(existsSync(value as string), `${name} exists`).toBe(true);
    }
  });

  it('dist/index.js exports the API version the bundle documents', async () => {
    const index = (await import(/* @vite-ignore */ distIndexPath)) as Record<string, unknown>;
    expect(index['apiVersion']).toBe((doc['info'] as Record<string, unknown>)['version']);
  });
});

describe('deterministic build', () => {
  let outDir: string | undefined;
  let buildError: Error | undefined;

  beforeAll(async () => {
    if (!existsSync(buildScriptPath)) {
      buildError = new Error(`Build script ${buildScriptPath} is missing`);
      return;
    }
    outDir = await mkdtemp(join(tmpdir(), 'dojo-spec-build-'));
    try {
      await promisify(execFile)(process.execPath, [buildScriptPath, '--out-dir', outDir], {
        cwd: packageDir,
        maxBuffer: 16 * 1024 * 1024,
        timeout: 110_000,
      });
    } catch (error) {
      const e = error as Error & { stderr?: string; stdout?: string };
      buildError = new Error(`build.mjs --out-dir failed: ${e.message}\n${e.stderr ?? ''}${e.stdout ?? ''}`);
    }
  }, 120_000);

  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it.each([
    ['openapi.json', bundleJsonPath],
    ['openapi.yaml', bundleYamlPath],
  ])('a second build gives a byte-identical %s', async (file, distPath) => {
    if (buildError) throw buildError;
    const [first, second] = await Promise.all([readFile(distPath), readFile(join(outDir!, file))]);
    expect(second.length, `${file}: size of dist/ vs rebuild (a stale dist/ also fails: rebuild first)`).toBe(first.length);
    expect(second.equals(first), `${file}: dist/ and a rebuild into ${outDir} differ byte-for-byte`).toBe(true);
  });
});
