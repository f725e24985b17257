// Shared by the wasm benchmarks.

/** Best of `runs` wall-clock seconds of `f`, and its last value: `[seconds, value]`. */
export function bestOf(runs, f) {
  let seconds = Infinity;
  let value;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    value = f();
    seconds = Math.min(seconds, (performance.now() - t0) / 1000);
  }
  return [seconds, value];
}
