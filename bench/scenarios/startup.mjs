// Issue 16, target 5: start-up. `--about` and `--discover` against `node -e 0`, many interleaved repetitions (all
// three preload bench/measure.cjs alike); the ratios are paired per repetition. One unmeasured run of each first.
import { TAP, interleave, runMeasured } from '../harness.mjs';
import { pairedRatio, summary } from '../stats.mjs';

export default {
  name: 'startup',
  rounds: 31,
  async run({ rounds }) {
    const commands = { node: ['-e', '0'], about: [TAP, '--about'], discover: [TAP, '--discover'] };
    for (const args of Object.values(commands)) await runMeasured(args);
    const runs = await interleave(commands, rounds);
    const result = { rounds, clients: {}, vs_node: {} };
    for (const [name, r] of Object.entries(runs)) {
      result.clients[name] = { wall_s: summary(r.map((x) => x.wall_s), 4), cpu_s: summary(r.map((x) => x.cpu_s), 4), rss_mib: summary(r.map((x) => x.rss_mib), 1) };
      if (name === 'node') continue;
      result.vs_node[name] = {
        wall_s: pairedRatio(r.map((x) => x.wall_s), runs.node.map((x) => x.wall_s)),
        cpu_s: pairedRatio(r.map((x) => x.cpu_s), runs.node.map((x) => x.cpu_s)),
      };
    }
    return result;
  },
};
