import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Published JSON Schemas the tests validate our output against, read from the pinned
 * `schemastore` development dependency (an offline copy of schemastore.org) rather than
 * copied into this repository.
 */
export type PublishedSchema = 'github-workflow' | 'github-action' | 'pre-commit-hooks' | 'sarif-2.1.0';

export function publishedSchema(name: PublishedSchema): Record<string, unknown> {
  const path = createRequire(import.meta.url).resolve(`schemastore/schemas/json/${name}.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}
