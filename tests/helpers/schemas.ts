/** JSON Schema validation for tests: Ajv for JSON Schema 2020-12 with IPTC's ninjs 2.2 schema loaded. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

export const NINJS_SCHEMA_PATH = path.resolve(__dirname, '../../../shared/specs/ninjs-schema_2.2.json');
export const NINJS_SCHEMA_ID = 'http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json#';

/**
 * Why the ninjs checks cannot run, or null. The schema is IPTC's, kept in ../shared/specs beside the
 * project (CI has it); a clone elsewhere skips those checks with one line (tests/helpers/optional.ts),
 * and WIRE_REQUIRE_OPTIONAL=1 makes its absence a failure.
 */
export const NINJS_SCHEMA_MISSING = existsSync(NINJS_SCHEMA_PATH)
  ? null
  : `IPTC's ninjs 2.2 schema is not at ${NINJS_SCHEMA_PATH} (it comes with ../shared beside the project)`;

/** Ajv with the OpenAPI-ready formats, and the ninjs 2.2 schema when it is there. */
export function schemaValidator(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  // `places[].geojson` refers to the GeoJSON schema online; we never write geojson and fetch nothing,
  // so a stand-in lets the schema compile.
  ajv.addSchema({ $id: 'https://geojson.org/schema/GeoJSON.json', type: 'object' });
  if (!NINJS_SCHEMA_MISSING) ajv.addSchema(JSON.parse(readFileSync(NINJS_SCHEMA_PATH, 'utf8')));
  return ajv;
}
