import fc from 'fast-check';

// Property tests draw the same inputs on every run, so `npm test` (and CI) passes or fails
// the same way for the same code. To explore new inputs, run with FUZZ_SEED=random (fast-check
// prints the seed of any failure, and FUZZ_SEED=<that seed> replays it); a finding becomes a
// named regression test, as in render-hostile.test.ts.
const requested = process.env.FUZZ_SEED ?? '20261207';
if (requested !== 'random') fc.configureGlobal({ seed: Number(requested) });
