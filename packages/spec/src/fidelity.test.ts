import { assert, describe, expect, it } from 'vitest';
import { BundleValidator } from './test-support/ajv.js';
import { extractPublishedExamples, matchingSchema } from './test-support/fidelity.js';
import { loadBundle, pathOperations, readJsonFile } from './test-support/openapi.js';
import { publishedSpecPath } from './test-support/paths.js';

const doc = loadBundle();
const ours = pathOperations(doc);
const validator = new BundleValidator(doc);
const published = readJsonFile(
  publishedSpecPath,
  'The published Dojo description is expected in shared/reference/ beside the repository clone.',
);
const examples = extractPublishedExamples(published);

// Messages name the example and the schema, never the example's content: published examples carry
// values such as client session secrets.
describe("Dojo's published examples validate against our schemas", () => {
  it('the published description yields examples for the in-scope operations', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map((e) => [`${e.method.toUpperCase()} ${e.path} ${e.status} ${e.mediaType} "${e.name}"`, e] as const))(
    '%s',
    (_, example) => {
      if (!example.hasValue) assert.fail(`published example ${example.pointer} has no value`);
      const match = matchingSchema(doc, ours, example);
      if ('problem' in match) assert.fail(`published example ${example.pointer}: ${match.problem}`);
      const result = validator.validate(match.schemaPointer, example.value);
      if (!result.valid) {
        assert.fail(`published example ${example.pointer}\ndoes not match our schema ${match.schemaPointer}:\n${result.message}`);
      }
    },
  );
});
