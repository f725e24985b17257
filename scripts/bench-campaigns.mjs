// Campaign benchmark of the wasm package under Node: addMessages and the campaign analyses on an
// order CSV plus its message log (scripts/bench.sh makes both: ~1M order lines, ~1.3M messages).
// The native figures come from `crmkit bench-campaigns` on the same files.
//   node scripts/bench-campaigns.mjs ORDERS MESSAGES [runs]
import { readFileSync } from 'node:fs';
import init, { Dataset } from 'crmkit';
import { bestOf } from './bench-util.mjs';

const [ordersFile, messagesFile, runsArg] = process.argv.slice(2);
if (!ordersFile || !messagesFile) {
  console.error('usage: node scripts/bench-campaigns.mjs ORDERS MESSAGES [runs]');
  process.exit(2);
}
const runs = Number(runsArg ?? 3);
await init();
const orders = new Uint8Array(readFileSync(ordersFile));
const messages = new Uint8Array(readFileSync(messagesFile));

const best = (f) => bestOf(runs, f);

// Each read goes into a fresh dataset (loading the orders is not timed).
let read = Infinity;
let report;
for (let i = 0; i < runs; i++) {
  const ds = Dataset.fromCsv(orders);
  const t0 = performance.now();
  report = ds.addMessages(messages);
  read = Math.min(read, (performance.now() - t0) / 1000);
  ds.free();
}
const mb = messages.length / 1e6;
console.log(`wasm addMessages: ${mb.toFixed(1)} MB, ${report.messages} messages of ${report.recipients} recipients, ${report.campaigns} campaigns: ${read.toFixed(3)} s = ${(mb / read).toFixed(0)} MB/s`);

const ds = Dataset.fromCsv(orders);
ds.addMessages(messages);
const [tCampaigns, result] = best(() => ds.campaigns());
// The same pick as the native bench: the largest campaign with a control group.
const withControl = result.rows.filter((r) => r.control > 0);
const pick = (withControl.length ? withControl : result.rows).reduce((a, b) => (b.recipients > a.recipients ? b : a));
const campaign = pick.group[0];
const [tCompare] = best(() => ds.compareVariants({ campaign }));
const [tGrouped] = best(() => ds.campaigns({ groupBy: ['campaign', 'variant', 'rfmSegment'] }));
const [tFactors] = best(() => ds.campaignFactors());
const [tTimes] = best(() => ds.sendTimes());
const [tFatigue] = best(() => ds.fatigue());
const [tMembers, csv] = best(() => ds.campaignMembers({ campaigns: [campaign], status: 'converted' }));
console.log(`wasm campaigns (by campaign, ${result.rows.length} rows): best of ${runs}: ${tCampaigns.toFixed(3)} s`);
console.log(`wasm compareVariants ("${campaign}"): best of ${runs}: ${tCompare.toFixed(3)} s`);
console.log(`wasm campaigns + compareVariants: ${(tCampaigns + tCompare).toFixed(3)} s`);
console.log(`wasm campaigns by campaign × variant × rfmSegment: ${tGrouped.toFixed(3)} s`);
console.log(`wasm campaignFactors (variant, send hour, RFM segment; all campaigns): ${tFactors.toFixed(3)} s`);
console.log(`wasm sendTimes: ${tTimes.toFixed(3)} s; fatigue: ${tFatigue.toFixed(3)} s; campaignMembers (converted, ${csv.length} bytes): ${tMembers.toFixed(3)} s`);
ds.free();
