// The comparison behind most scenarios: clients run against one sandbox, first once each with their output kept, to
// check that they wrote the same records (count per stream; bytes per record are reported, as the tap shapes its
// records and the baselines do not), then in interleaved rounds with output to /dev/null. Every run counts its
// requests at the sandbox and must report the records of the check run.
import { rmSync } from 'node:fs';
import { countRecords, interleave, runMeasured, sameCounts, tmpFile } from './harness.mjs';
import { pairedRatio, round, summary } from './stats.mjs';

/**
 * `clients`: name → { args, records(stderr) }, the first being the one compared (the tap) and `baseline` naming the
 * yardstick. `check: false` skips the check run (for the largest sizes: it writes hundreds of MB); the record counts
 * the clients report must then still agree. `sameRequests`: the check run also requires the same requests per endpoint.
 * `pairs`: more [client, yardstick] ratios to take, as `vs.CLIENT_over_YARDSTICK`.
 */
export async function compareClients(sandbox, clients, { rounds, baseline, check = true, sameRequests = false, pairs = [] }) {
  const names = Object.keys(clients);
  const streams = {};
  const requestsByEndpoint = {};
  if (check) {
    for (const name of names) {
      const file = tmpFile(`${name}.jsonl`);
      await sandbox.control('stats/reset', {});
      await runMeasured(clients[name].args, { stdoutFile: file });
      requestsByEndpoint[name] = (await sandbox.control('stats')).by_endpoint;
      streams[name] = await countRecords(file);
      rmSync(file, { force: true });
    }
    for (const name of names) if (name !== baseline) sameCounts(`${name} and ${baseline}`, streams[name], streams[baseline]);
    if (sameRequests) {
      for (const name of names) {
        const a = JSON.stringify(requestsByEndpoint[name]);
        const b = JSON.stringify(requestsByEndpoint[baseline]);
        if (a !== b) throw new Error(`${name} and ${baseline} made different requests (${a} vs ${b}): make ${baseline} follow the tap (page size, platforms) before comparing`);
      }
    }
  }
  const expected = check ? Object.values(streams[baseline]).reduce((sum, s) => sum + s.records, 0) : undefined;
  const runs = await interleave(Object.fromEntries(names.map((n) => [n, clients[n].args])), rounds, async (name, args) => {
    await sandbox.control('stats/reset', {});
    const run = await runMeasured(args);
    const requests = (await sandbox.control('stats')).requests;
    const records = clients[name].records(run.stderr);
    if (!(records > 0) || (expected !== undefined && records !== expected)) throw new Error(`${name} wrote ${records} records, the check run ${expected}:\n${run.stderr.slice(-1500)}`);
    return { ...run, records, requests, records_per_s: records / run.wall_s, requests_per_s: requests / run.wall_s, cpu_ms_per_request: (run.cpu_s * 1000) / requests };
  });
  // Without a check run, the clients must still agree with each other, run by run.
  const counts = new Set(names.flatMap((name) => runs[name].map((run) => run.records)));
  if (counts.size > 1) throw new Error(`the clients wrote different numbers of records: ${names.map((n) => `${n} ${runs[n].map((r) => r.records).join('/')}`).join(', ')}`);
  const result = { rounds, clients: {}, vs_baseline: {} };
  for (const name of names) {
    const r = runs[name];
    result.clients[name] = {
      records: r[0].records,
      requests: r[0].requests,
      records_per_s: summary(r.map((x) => x.records_per_s), 0),
      requests_per_s: summary(r.map((x) => x.requests_per_s), 0),
      cpu_s: summary(r.map((x) => x.cpu_s), 3),
      wall_s: summary(r.map((x) => x.wall_s), 3),
      rss_mib: summary(r.map((x) => x.rss_mib), 1),
      cpu_ms_per_request: summary(r.map((x) => x.cpu_ms_per_request), 3),
      ...(check ? { streams: streams[name], bytes_per_record: round(sumOf(streams[name], 'bytes') / sumOf(streams[name], 'records'), 0) } : {}),
    };
    if (name !== baseline) result.vs_baseline[name] = ratios(r, runs[baseline]);
  }
  if (pairs.length) result.vs = Object.fromEntries(pairs.map(([a, b]) => [`${a}_over_${b}`, ratios(runs[a], runs[b])]));
  return result;
}

/** Paired ratios of every metric, round by round. */
const ratios = (a, b) =>
  Object.fromEntries(['records_per_s', 'requests_per_s', 'cpu_s', 'wall_s', 'rss_mib'].map((metric) => [metric, pairedRatio(a.map((x) => x[metric]), b.map((x) => x[metric]))]));

const sumOf = (streams, key) => Object.values(streams).reduce((sum, s) => sum + s[key], 0);
