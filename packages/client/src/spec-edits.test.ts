// CONTRIBUTING's promise, end to end: an operation added to the spec becomes a client method with no other edit,
// and the method follows the spec's rules. Here a GET and a POST are added to a copy of the bundled spec, the
// project plugin generates the operations from it (as `pnpm generate` does), and the generated methods are called
// through the real transport: the GET carries the terminal headers (it declares SoftwareHouseId) and is retried on
// a 503; the POST (no IdempotencyKey) is sent once and ends `outcomeUnknown` when its answer is lost. Removing an
// operation from the spec removes its method.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dojoOperations } from '@dojo-terminals/hey-api-plugin';
import { openapiJsonPath } from '@dojo-terminals/spec';
import { createClient } from '@hey-api/openapi-ts';
import { afterAll, describe, expect, it } from 'vitest';
import { DojoConnectionError } from './errors.js';
import { createTransport, type Transport } from './transport.js';

type Json = Record<string, any>;
const TERMINAL = 'tm_sandbox_spec_edit_1';
const transportModule = fileURLToPath(new URL('./transport.ts', import.meta.url));
// Inside the package, so that the generated code resolves @dojo-terminals/types as the package does.
const scratch = fileURLToPath(new URL('../.spec-edits-tmp/', import.meta.url));
mkdirSync(scratch, { recursive: true });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const bundled = JSON.parse(readFileSync(openapiJsonPath, 'utf8')) as Json;
const terminalParams = (bundled['paths']['/terminals/{terminalId}']['get']['parameters'] as Json[]);
const ok = { description: 'Done.', content: { 'application/json': { schema: { type: 'object', properties: { level: { type: 'integer' } } } } } };

/** The bundled spec with a GET battery reading and a POST beep on a terminal, and without `getTerminal` if asked. */
function editedSpec({ withoutGetTerminal = false } = {}): Json {
  const spec = structuredClone(bundled);
  const describe = (operationId: string, method: string, summary: string) => ({
    operationId,
    summary,
    description: summary,
    tags: bundled['paths']['/terminals/{terminalId}']['get']['tags'],
    'x-dojo-method': method,
    parameters: terminalParams,
    responses: { '200': ok, '400': bundled['paths']['/terminals/{terminalId}']['get']['responses']['400'] },
  });
  spec['paths']['/terminals/{terminalId}/battery'] = { get: describe('getTerminalBattery', 'getBattery', 'Read the battery') };
  spec['paths']['/terminals/{terminalId}/beep'] = { post: describe('beepTerminal', 'beep', 'Make the terminal beep') };
  if (withoutGetTerminal) delete spec['paths']['/terminals/{terminalId}']['get'];
  return spec;
}

/** Generates the operations from `spec` with the project plugin and loads them. */
async function generate(name: string, spec: Json): Promise<{ createResources(transport: Transport): Json }> {
  const out = join(scratch, name);
  await createClient({
    input: spec,
    output: { path: out, entryFile: false, module: { extension: '.ts' } },
    plugins: [dojoOperations({ transport: transportModule })],
    logs: { level: 'silent' },
  });
  return import(join(out, 'dojo-operations.gen.ts'));
}

/** A transport whose fetch answers from `answer`, recording each request. */
function transportAnswering(answer: (attempt: number) => Response | Promise<Response>) {
  const requests: Request[] = [];
  const transport = createTransport({
    apiKey: 'sk_sandbox_spec_edits_test',
    softwareHouseId: 'softwareHouse1',
    baseUrl: 'http://127.0.0.1:9',
    retry: { baseDelayMs: 1, maxDelayMs: 1 },
    fetch: async (input, init) => {
      requests.push(new Request(input, init));
      return answer(requests.length);
    },
  });
  return { transport, requests };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('an operation added to the spec, with no other edit', () => {
  it('is a GET method that sends the terminal headers and is retried on 503', async () => {
    const { createResources } = await generate('added', editedSpec());
    const { transport, requests } = transportAnswering((attempt) => (attempt === 1 ? json(503, { title: 'Service Unavailable' }) : json(200, { level: 50 })));
    await expect(createResources(transport)['terminals'].getBattery(TERMINAL)).resolves.toEqual({ level: 50 });
    expect(requests.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual([
      `GET /terminals/${TERMINAL}/battery`,
      `GET /terminals/${TERMINAL}/battery`,
    ]);
    expect(requests[1]!.headers.get('software-house-id')).toBe('softwareHouse1');
  });

  it('is a POST method that is sent once and ends outcomeUnknown when its answer is lost', async () => {
    const { createResources } = await generate('added-post', editedSpec());
    const { transport, requests } = transportAnswering(() => Promise.reject(new TypeError('fetch failed: socket hang up')));
    const error = await createResources(transport)['terminals'].beep(TERMINAL).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoConnectionError);
    expect((error as DojoConnectionError).outcomeUnknown).toBe(true);
    expect(requests.map((request) => request.method)).toEqual(['POST']);
  });

  it('goes when the operation leaves the spec', async () => {
    const { createResources } = await generate('removed', editedSpec({ withoutGetTerminal: true }));
    const terminals = createResources(transportAnswering(() => json(200, {})).transport)['terminals'];
    expect(Object.keys(terminals).sort()).toEqual(['beep', 'getBattery', 'list']);
  });
});
