/**
 * The one seeded pseudo-random generator of the project: the symbolic judge draws its instances with
 * it (a step's verdict must be the same on every run), and the fuzz generators and benchmarks make
 * their inputs with it (a case replays from its seed).
 */

/** mulberry32: small and fast; its state is one 32-bit integer, so a seed fixes the whole sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
