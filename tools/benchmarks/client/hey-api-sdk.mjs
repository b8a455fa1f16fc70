// hey-api's own generated client (its fetch client and SDK, nothing of ours) as a contender: generated from the
// bundled spec into .generated/ (not committed) on each run, with `.ts` import specifiers, and loaded by Node's type
// stripping (the toolchain's Node 26).
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createClient } from '@hey-api/openapi-ts';
import { openapiJsonPath } from '@dojo-terminals/spec';

const out = fileURLToPath(new URL('./.generated/', import.meta.url));

export async function loadHeyApiSdk() {
  await rm(out, { recursive: true, force: true });
  await createClient({
    input: openapiJsonPath,
    output: { path: out, entryFile: false, module: { extension: '.ts' } },
    plugins: ['@hey-api/typescript', '@hey-api/client-fetch', { name: '@hey-api/sdk', auth: false }],
    logs: { level: 'silent' },
  });
  const [sdk, client] = await Promise.all([import(`${out}sdk.gen.ts`), import(`${out}client/index.ts`)]);
  return { sdk, createClient: client.createClient };
}
