/**
 * `npm run bench [-- --json] [-- <name>…]`: runs the benchmarks and prints a table each (or one JSON
 * document). Benchmarks measure; they do not pass or fail — the figures go in the issue notes.
 */
import { parseArgs } from 'node:util';
import { brokerThroughput } from './broker-throughput.ts';
import { cloudApi } from './cloud-api.ts';
import { hubBookings } from './hub-bookings.ts';
import type { Row } from './stats.ts';
import { printTable } from './stats.ts';
import { sync } from './sync.ts';
import { unlock } from './unlock.ts';

const benches: Record<string, () => Promise<Record<string, Row[]>>> = {
  'hub-bookings': hubBookings,
  broker: brokerThroughput,
  unlock,
  'cloud-api': cloudApi,
  sync,
};

const { values, positionals } = parseArgs({
  options: { json: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const chosen = positionals.length ? positionals : Object.keys(benches);
const results: Record<string, Record<string, Row[]>> = {};
for (const name of chosen) {
  const bench = benches[name];
  if (!bench) {
    console.error(`unknown benchmark '${name}'; known: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  if (!values.json) console.error(`running ${name} …`);
  results[name] = await bench();
}
if (values.json) {
  console.log(JSON.stringify(results, null, 2));
} else {
  for (const [name, tables] of Object.entries(results)) {
    for (const [title, rows] of Object.entries(tables)) printTable(`${name}: ${title}`, rows);
  }
}
