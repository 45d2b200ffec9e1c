/** autocannon ships no types; the benchmarks use its programmatic API (README "API"). */
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  type Instance = EventEmitter & PromiseLike<Record<string, any>> & { stop(): void };
  function autocannon(opts: Record<string, unknown>): Instance;
  export default autocannon;
}
