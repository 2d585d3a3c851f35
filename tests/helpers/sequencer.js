const Sequencer = require('@jest/test-sequencer').default;

/** Unit tests, then integration tests, then the admin end to end (tests/e2e), each group in name order. */
class WireSequencer extends Sequencer {
  sort(tests) {
    const rank = (t) => (t.path.includes('/e2e/') ? 2 : t.path.includes('/integration/') ? 1 : 0);
    return [...tests].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
  }
}

module.exports = WireSequencer;
