/** JSON Schema validation for tests: Ajv for JSON Schema 2020-12 with IPTC's ninjs 2.2 schema loaded. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

export const NINJS_SCHEMA_PATH = path.resolve(__dirname, '../../../shared/specs/ninjs-schema_2.2.json');
export const NINJS_SCHEMA_ID = 'http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json#';

/** Missing schema fails loudly: CI has it beside the project. */
export function schemaValidator(): Ajv2020 {
  if (!existsSync(NINJS_SCHEMA_PATH))
    throw new Error(`ninjs 2.2 schema not found at ${NINJS_SCHEMA_PATH}: these tests need it`);
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  // `places[].geojson` refers to the GeoJSON schema online; we never write geojson and fetch nothing,
  // so a stand-in lets the schema compile.
  ajv.addSchema({ $id: 'https://geojson.org/schema/GeoJSON.json', type: 'object' });
  ajv.addSchema(JSON.parse(readFileSync(NINJS_SCHEMA_PATH, 'utf8')));
  return ajv;
}
