import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of the bundled OpenAPI 3.1 description, as JSON. */
export const openapiJsonPath: string = fileURLToPath(new URL('./openapi.json', import.meta.url));

/** Absolute path of the bundled OpenAPI 3.1 description, as YAML. */
export const openapiYamlPath: string = fileURLToPath(new URL('./openapi.yaml', import.meta.url));

/** Absolute path of the self-contained HTML API reference. */
export const referenceHtmlPath: string = fileURLToPath(new URL('./reference.html', import.meta.url));

/** The Dojo API version this description documents; send it as the `version` header. */
export const apiVersion: string = (JSON.parse(readFileSync(openapiJsonPath, 'utf8')) as { info: { version: string } }).info.version;
