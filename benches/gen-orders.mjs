#!/usr/bin/env node
// Deterministic order-line CSV in "the 85 MB shape" (the peer benchmark's input; no dependencies):
//   node benches/gen-orders.mjs FILE --lines N [--seed S]
//
// - header: order_id,customer_id,order_date,product_id,product_name,category,quantity,unit_price,amount
// - numeric order ids (10000001, …, in date order); numeric customer ids (1000001, …);
//   dates `YYYY-MM-DD HH:MM:SS` from 2022-01-01 to 2024-12-31, busier in the evening, on weekends,
//   in December, and growing over the three years;
// - orders of 1–5 lines (mean ≈ 2.05) on adjacent lines sharing order id, customer and date, each
//   line a different SKU, the lines of an order mostly from one category;
// - 2,000 SKUs (`P0001` …), 10 categories, about 25 % Japanese product names (UTF-8), the rest
//   English; Zipf-like popularity within each category;
// - unit prices with two decimals, fixed per SKU (log-normal, 1.50 … ~400); quantity 1–4;
//   amount = quantity × unit_price, in integer cents, so it is exact to two decimals;
// - repeat purchases follow a power law: an order is a new customer's with probability ≈ 0.27
//   (~130,000 customers per 1M lines), else an active customer's, drawn by a Pareto propensity
//   (see "customers" below).
// At 1M lines the file is ≈ 89 MB. It is written in ~1 MB chunks, so 10M lines need little memory
// (a few typed arrays per customer).
// Same --lines and --seed → byte-identical file (own PRNG: sfc32 seeded by splitmix32).
import fs from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const LINES = Number(opt('--lines', '1000000'));
const SEED = Number(opt('--seed', '1'));
if (!file || !Number.isInteger(LINES) || LINES < 1 || !Number.isInteger(SEED)) {
  console.error('usage: node benches/gen-orders.mjs FILE --lines N [--seed S]');
  process.exit(2);
}

// ---- PRNG: splitmix32 → sfc32 ----
function splitmix32(a) {
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}
function sfc32(seed) {
  const s = splitmix32(seed);
  let a = s(), b = s(), c = s(), d = s();
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}
const rand = sfc32(SEED);
const randInt = (n) => Math.floor(rand() * n); // 0 … n-1
const pick = (arr) => arr[randInt(arr.length)];
const normal = () => {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
};

// ---- catalogue: 2,000 SKUs in 10 categories ----
const N_SKUS = 2000;
const CATEGORIES = [
  // [category, English nouns, Japanese nouns, log-price mean (price ≈ e^mu)]
  ['Skincare', ['Face Cream', 'Serum', 'Toner', 'Cleansing Foam', 'Sunscreen', 'Night Mask'], ['化粧水', '美容液', '乳液', '洗顔フォーム', '日焼け止め', 'クレンジングオイル'], 3.4],
  ['Haircare', ['Shampoo', 'Conditioner', 'Hair Oil', 'Hair Mist', 'Scalp Brush'], ['シャンプー', 'トリートメント', 'ヘアオイル', 'ヘアミスト', '頭皮ブラシ'], 3.0],
  ['Tea & Coffee', ['Green Tea', 'Roasted Coffee Beans', 'Drip Coffee', 'Black Tea', 'Matcha Powder'], ['緑茶', '焙煎コーヒー豆', 'ドリップコーヒー', '紅茶', '抹茶パウダー'], 2.7],
  ['Snacks', ['Rice Crackers', 'Dark Chocolate', 'Mixed Nuts', 'Dried Mango', 'Granola'], ['せんべい', 'チョコレート', 'ミックスナッツ', 'ドライマンゴー', 'グラノーラ'], 2.2],
  ['Kitchen', ['Chef Knife', 'Cutting Board', 'Cast Iron Pan', 'Rice Cooker Pot', 'Ceramic Bowl'], ['包丁', 'まな板', '鉄フライパン', '土鍋', '茶碗'], 3.9],
  ['Supplements', ['Vitamin C', 'Protein Powder', 'Omega-3 Capsules', 'Collagen Drink', 'Probiotics'], ['ビタミンC', 'プロテイン', 'オメガ3', 'コラーゲンドリンク', '乳酸菌サプリ'], 3.2],
  ['Apparel', ['Cotton T-Shirt', 'Linen Shirt', 'Wool Socks', 'Knit Cap', 'Rain Jacket'], ['Tシャツ', 'リネンシャツ', 'ウールソックス', 'ニット帽', 'レインジャケット'], 3.7],
  ['Home', ['Scented Candle', 'Bath Towel', 'Diffuser Oil', 'Laundry Detergent', 'Storage Box'], ['アロマキャンドル', 'バスタオル', 'ディフューザー', '洗濯洗剤', '収納ボックス'], 3.1],
  ['Pet', ['Dog Food', 'Cat Litter', 'Pet Shampoo', 'Chew Toy', 'Cat Treats'], ['ドッグフード', '猫砂', 'ペットシャンプー', 'おもちゃ', '猫用おやつ'], 2.9],
  ['Stationery', ['Fountain Pen', 'Notebook', 'Gel Ink Pens', 'Washi Tape', 'Desk Organizer'], ['万年筆', 'ノート', 'ゲルインクペン', 'マスキングテープ', 'デスクトレー'], 2.4],
];
const EN_ADJ = ['Organic', 'Premium', 'Classic', 'Natural', 'Daily', 'Deluxe', 'Fresh', 'Gentle', 'Essential', 'Pure', 'Urban', 'Coastal'];
const JA_ADJ = ['国産', '無添加', 'オーガニック', '京都', '北海道', '特選', 'まるごと', 'やさしい', '濃厚', '薬用'];
const SIZES = ['50ml', '100ml', '200ml', '500ml', '30g', '100g', '250g', '1kg', 'Set of 3', 'Refill', 'Travel Size', 'Large'];
const JA_SIZES = ['50ml', '200ml', '500ml', '100g', '1kg', '3個セット', '詰め替え用', 'お徳用', '大容量', 'ミニ'];

const skuId = new Array(N_SKUS);
const skuText = new Array(N_SKUS); // the CSV fields product_id,product_name,category, pre-joined
const skuCents = new Int32Array(N_SKUS);
const byCategory = CATEGORIES.map(() => []);
const usedNames = new Set();
for (let i = 0; i < N_SKUS; i++) {
  const c = i % CATEGORIES.length;
  const [category, enNouns, jaNouns, mu] = CATEGORIES[c];
  const japanese = rand() < 0.25;
  let name;
  for (let attempt = 0; ; attempt++) {
    name = japanese ? `${pick(JA_ADJ)}${pick(jaNouns)}${rand() < 0.3 ? ' ' + pick(JA_SIZES) : ''}` : `${pick(EN_ADJ)} ${pick(enNouns)}${rand() < 0.15 ? ' ' + pick(SIZES) : ''}`;
    if (attempt > 3) name += ` ${String.fromCharCode(65 + (i % 26))}${Math.floor(i / 26) % 10}`;
    if (!usedNames.has(name)) break;
  }
  usedNames.add(name);
  const price = Math.min(Math.max(Math.exp(mu + 0.6 * normal()), 1.5), 400);
  skuCents[i] = Math.round(price * 100) - (rand() < 0.5 ? 1 : 0); // …x.99-style prices half the time
  skuId[i] = `P${String(i + 1).padStart(4, '0')}`;
  skuText[i] = `${skuId[i]},${name},${category}`;
  byCategory[c].push(i);
}
// Zipf-like popularity within each category (weight 1 / rank^0.9), as a cumulative table per category.
const catCum = byCategory.map((skus) => {
  const cum = new Float64Array(skus.length);
  let s = 0;
  for (let r = 0; r < skus.length; r++) cum[r] = s += 1 / Math.pow(r + 1, 0.9);
  for (let r = 0; r < skus.length; r++) cum[r] /= s;
  return cum;
});
const categoryWeights = (() => {
  const w = CATEGORIES.map((_, c) => 1 / (1 + 0.25 * c));
  const s = w.reduce((a, b) => a + b, 0);
  let acc = 0;
  return w.map((x) => (acc += x / s));
})();
const drawFromCum = (cum) => {
  const u = rand();
  let lo = 0, hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
const drawSku = (c) => byCategory[c][drawFromCum(catCum[c])];

// ---- time: 2022-01-01 00:00:00 … 2024-12-31 23:59:59 (local calendar, written as is) ----
const START = Date.UTC(2022, 0, 1) / 1000;
const END = Date.UTC(2025, 0, 1) / 1000 - 1;
const SPAN = END - START;
const LINES_PER_ORDER = [0.45, 0.25, 0.15, 0.1, 0.05]; // mean 2.05
const MEAN_LINES = LINES_PER_ORDER.reduce((s, p, i) => s + p * (i + 1), 0);
const EXPECTED_ORDERS = LINES / MEAN_LINES;
const HOUR_W = [0.35, 0.2, 0.12, 0.08, 0.08, 0.12, 0.3, 0.55, 0.75, 0.9, 1, 1.05, 1.25, 1.1, 1, 1, 1.05, 1.1, 1.25, 1.45, 1.65, 1.75, 1.5, 0.9];
const HOUR_MEAN = HOUR_W.reduce((a, b) => a + b, 0) / 24;
// rate(t) ∝ growth(t) · hour(t) · weekday(t) · month(t)
const GROWTH = 1.2; // the rate at the end is 1 + GROWTH times the rate at the start
const intensity = (t) => {
  const d = new Date((START + t) * 1000);
  const wd = d.getUTCDay();
  const month = d.getUTCMonth();
  return (1 + (GROWTH * t) / SPAN) * (HOUR_W[d.getUTCHours()] / HOUR_MEAN) * (wd === 0 || wd === 6 ? 1.2 : 0.92) * (month === 11 ? 1.35 : month === 1 ? 0.85 : 1);
};
// Order times follow the cumulative intensity Λ (tabulated per hour): the order starting at line
// L gets Λ⁻¹(Λ(SPAN) · (L + jitter) / LINES), so the file spans the whole period at any --lines.
const HOURS = Math.ceil(SPAN / 3600);
const cumHour = new Float64Array(HOURS + 1);
for (let h = 0; h < HOURS; h++) cumHour[h + 1] = cumHour[h] + intensity(h * 3600);
function timeAt(fraction) {
  const target = Math.min(Math.max(fraction, 0), 1) * cumHour[HOURS];
  let lo = 0, hi = HOURS;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cumHour[mid] <= target) lo = mid;
    else hi = mid - 1;
  }
  const h = Math.min(lo, HOURS - 1);
  const within = (target - cumHour[h]) / (cumHour[h + 1] - cumHour[h]);
  return Math.min(Math.floor((h + within) * 3600), SPAN);
}

const pad2 = (n) => (n < 10 ? '0' : '') + n;
let dayCache = -1;
let dayPrefix = '';
function stamp(t) {
  const day = Math.floor(t / 86400);
  if (day !== dayCache) {
    dayCache = day;
    const d = new Date((START + day * 86400) * 1000);
    dayPrefix = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} `;
  }
  const s = t - day * 86400;
  return dayPrefix + pad2(Math.floor(s / 3600)) + ':' + pad2(Math.floor(s / 60) % 60) + ':' + pad2(s % 60);
}
const money = (cents) => {
  const s = String(cents);
  return s.length > 2 ? `${s.slice(0, -2)}.${s.slice(-2)}` : `0.${s.padStart(2, '0')}`;
};

// ---- customers: power-law propensities with lifetimes ----
// A new customer makes the order with probability P_NEW. Otherwise an existing, still active
// customer is drawn with probability ∝ their propensity w: 45 % of customers have w = 0 (they
// buy once), the rest w ~ Pareto(α = 1.6, capped at 40), so order counts have a power-law tail
// but no customer dominates the file. Each customer stays active for an exponential lifetime
// (mean 18 months) after their first order; a customer drawn after it is retired (w set to 0)
// and the draw repeated. Draws use a Fenwick tree over the propensities.
const P_NEW = Math.min(1, (0.13 * LINES) / EXPECTED_ORDERS); // ≈ 130,000 customers per 1M lines
const MAX_CUSTOMERS = Math.ceil(0.13 * LINES * 1.2) + 64;
const tree = new Float64Array(MAX_CUSTOMERS + 1); // Fenwick tree of w (1-based)
const weight = new Float64Array(MAX_CUSTOMERS);
const retireAt = new Float64Array(MAX_CUSTOMERS);
const favourite = new Uint8Array(MAX_CUSTOMERS); // favourite category per customer
let totalWeight = 0;
const treeAdd = (i, dw) => {
  totalWeight += dw;
  for (let k = i + 1; k <= MAX_CUSTOMERS; k += k & -k) tree[k] += dw;
};
let TOP_BIT = 1;
while (TOP_BIT * 2 <= MAX_CUSTOMERS) TOP_BIT *= 2;
const treeFind = (target) => {
  // smallest index whose prefix sum exceeds target
  let pos = 0;
  for (let step = TOP_BIT; step > 0; step >>= 1) {
    if (pos + step <= MAX_CUSTOMERS && tree[pos + step] <= target) {
      pos += step;
      target -= tree[pos];
    }
  }
  return Math.min(pos, MAX_CUSTOMERS - 1);
};
let customers = 0;
let orders = 0;
function newCustomer(ts) {
  if (customers >= MAX_CUSTOMERS) throw new Error('customer table overflow');
  const c = customers++;
  let k = 0;
  const u = rand();
  while (categoryWeights[k] < u) k++;
  favourite[c] = k;
  const w = rand() < 0.45 ? 0 : Math.min(Math.pow(1 - rand(), -1 / 1.6), 40);
  retireAt[c] = ts - Math.log(1 - rand()) * 18 * 30.44 * 86400;
  if (w > 0) {
    weight[c] = w;
    treeAdd(c, w);
  }
  return c;
}
function pickCustomer(ts) {
  if (rand() < P_NEW) return newCustomer(ts);
  for (;;) {
    if (totalWeight < 1e-6) return newCustomer(ts);
    const c = treeFind(rand() * totalWeight);
    if (weight[c] === 0) continue; // rounding at a boundary: draw again
    if (retireAt[c] >= ts) return c;
    treeAdd(c, -weight[c]);
    weight[c] = 0;
  }
}

// ---- write ----
const fd = fs.openSync(file, 'w');
let buf = 'order_id,customer_id,order_date,product_id,product_name,category,quantity,unit_price,amount\n';
const flush = () => {
  fs.writeSync(fd, buf);
  buf = '';
};
let lines = 0;
let t = 0; // seconds since START of the previous order
let orderId = 10000000;
const used = new Int32Array(5);
while (lines < LINES) {
  // order time: where this order's first line falls on the cumulative intensity, jittered by up
  // to ± one mean order, never before the previous order
  const ts = Math.max(t, timeAt((lines + MEAN_LINES * (rand() - 0.5) * 2) / LINES));
  t = ts;
  const cust = pickCustomer(ts);
  orders++;
  orderId++;
  let n = 1;
  const u = rand();
  for (let acc = LINES_PER_ORDER[0]; u >= acc && n < 5; acc += LINES_PER_ORDER[n++]);
  n = Math.min(n, LINES - lines);
  const main = rand() < 0.7 ? favourite[cust] : randInt(CATEGORIES.length);
  const head = `${orderId},${1000001 + cust},${stamp(ts)},`;
  for (let k = 0; k < n; k++) {
    let sku;
    for (let attempt = 0; ; attempt++) {
      sku = drawSku(rand() < 0.75 ? main : randInt(CATEGORIES.length));
      let dup = false;
      for (let j = 0; j < k; j++) dup ||= used[j] === sku;
      if (!dup || attempt > 20) break;
    }
    used[k] = sku;
    const r = rand();
    const q = r < 0.62 ? 1 : r < 0.87 ? 2 : r < 0.96 ? 3 : 4;
    buf += `${head}${skuText[sku]},${q},${money(skuCents[sku])},${money(q * skuCents[sku])}\n`;
  }
  lines += n;
  if (buf.length > 1 << 20) flush();
}
flush();
fs.closeSync(fd);
const bytes = fs.statSync(file).size;
console.error(
  `[gen-orders] ${file}: ${lines} lines, ${orders} orders, ${customers} customers, ${N_SKUS} SKUs, ` +
    `${(bytes / 1e6).toFixed(1)} MB, seed ${SEED}, last order ${stamp(t)}`,
);
