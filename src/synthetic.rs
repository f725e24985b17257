//! `Dataset.synthetic({customers, seed})`: realistic, deterministic order histories of a Japanese
//! D2C/EC shop, for the demo page, tests and benchmarks.
//!
//! The generative story (so later analyses have a known truth to find):
//! - Customers are acquired over 2023-01-01 … 2025-12-31 with seasonality (December, November,
//!   July peaks; February trough) and growth (later years bring more customers).
//! - Each customer then buys as a BG/NBD customer does (Fader, Hardie & Lee 2005): purchases
//!   arrive as a Poisson process with a Gamma-distributed rate, and after every purchase the
//!   customer drops out with a Beta-distributed probability. A "trial" majority has a high
//!   dropout probability (many one-time buyers); a "regular" minority a low one (the loyal tail).
//!   Purchase times are thinned by the same monthly seasonality.
//! - Products: ~12 categories with Japanese names and category price ranges; popularity is Zipf
//!   within the catalogue. Each customer has a favourite and a second category (planted
//!   affinities: product families bought together), repurchases earlier items (consumables), and
//!   each product has a companion product often put in the same basket (shampoo → conditioner).
//! - About 1 % of orders are followed by a return (a negative-amount order a few days later).
//!
//! Everything comes from a SplitMix64 stream seeded by `seed`: same options → identical output.

use crate::dataset::{Dataset, DatasetBuilder, LineInput};
use crate::report::SourceInfo;
use crate::dates::{civil_from_days, days_from_civil, format_date};
use crate::error::{Error, Result};
use crate::export::{write_csv, Cell};
use crate::rng::Rng;

/// Parameters of the synthetic shop (checked by [`generate`] before any work).
#[derive(Clone, Debug, PartialEq)]
pub struct SyntheticOptions {
    /// 1 … [`MAX_CUSTOMERS`].
    pub customers: u32,
    pub seed: u64,
    /// Catalogue size (1 … 100,000); default scales with customers (60 … 2,000).
    pub products: Option<u32>,
    /// Plant the product axis's truths: consumables rebought at known intervals and entry products
    /// of known quality (see [`CONSUMABLES`], [`ENTRY_PRODUCTS`]). Off by default, so every other
    /// synthetic history (and each number computed from it) stays as it was.
    pub consumables: bool,
}

impl Default for SyntheticOptions {
    fn default() -> Self {
        SyntheticOptions { customers: 1000, seed: 1, products: None, consumables: false }
    }
}

/// Planted consumables (name, category index, price, reorder interval in days): a customer who
/// starts one (15 %, in the first order) buys it again every `interval ± 3` days (uniform), and
/// keeps going after each purchase with probability 0.8. Only this process buys them, so the
/// median interval is the planted one.
pub const CONSUMABLES: [(&str, usize, f64, i32); 3] =
    [("定期便 プロテイン 1kg", 2, 3980.0, 30), ("定期便 青汁 30包", 3, 2980.0, 45), ("定期便 ドリップコーヒー 20袋", 4, 1980.0, 60)];

/// Planted entry products (name, category index, price, share of regular first orders, share of
/// trial first orders): the trial set is put in first orders of regular customers (low dropout)
/// far more often, so it ranks first by F2 after the consumables (which bring their 2nd purchase by
/// construction); the sale item goes mostly to one-time buyers.
pub const ENTRY_PRODUCTS: [(&str, usize, f64, f64, f64); 2] = [("お試しトライアルセット", 0, 980.0, 0.35, 0.04), ("半額セール品 詰め合わせ", 4, 1480.0, 0.02, 0.12)];

pub const MAX_CUSTOMERS: u32 = 2_000_000;

/// Most products `products` may ask for.
pub const MAX_PRODUCTS: u32 = 100_000;

struct Category {
    name: &'static str,
    items: &'static [&'static str],
    sizes: &'static [&'static str],
    /// Typical price range in yen.
    price: (f64, f64),
    /// Relative popularity of the category.
    weight: f64,
}

const CATEGORIES: &[Category] = &[
    Category { name: "スキンケア", items: &["化粧水", "乳液", "美容液", "クレンジング", "洗顔フォーム", "保湿クリーム", "日焼け止め", "シートマスク"], sizes: &["100ml", "150ml", "200ml", "30g", "お試しサイズ", "詰め替え用"], price: (1500.0, 8000.0), weight: 3.0 },
    Category { name: "ヘアケア", items: &["シャンプー", "コンディショナー", "ヘアオイル", "トリートメント", "ヘアミスト", "頭皮エッセンス"], sizes: &["300ml", "500ml", "詰め替え用", "お試しセット"], price: (1200.0, 4500.0), weight: 2.0 },
    Category { name: "サプリメント", items: &["ビタミンC", "乳酸菌", "コラーゲン", "鉄分", "マルチビタミン", "DHA・EPA", "プロテイン", "亜鉛"], sizes: &["30日分", "60日分", "90粒", "180粒", "定期便"], price: (1500.0, 6000.0), weight: 2.5 },
    Category { name: "健康食品", items: &["青汁", "黒酢", "酵素ドリンク", "グラノーラ", "発芽玄米", "甘酒"], sizes: &["30包", "500ml", "1kg", "6本セット"], price: (1200.0, 5000.0), weight: 1.5 },
    Category { name: "食品", items: &["緑茶", "ほうじ茶", "ドリップコーヒー", "はちみつ", "味噌", "醤油", "だしパック", "新米"], sizes: &["100g", "200g", "500g", "1kg", "5kg", "20袋"], price: (600.0, 3500.0), weight: 2.0 },
    Category { name: "和菓子・スイーツ", items: &["羊羹", "煎餅", "どら焼き", "バウムクーヘン", "生チョコ", "カステラ"], sizes: &["6個入", "12個入", "詰め合わせ", "1本"], price: (800.0, 3200.0), weight: 1.5 },
    Category { name: "飲料", items: &["炭酸水", "野菜ジュース", "ミネラルウォーター", "麦茶", "スポーツドリンク"], sizes: &["24本", "500ml×24本", "2L×6本"], price: (1500.0, 3500.0), weight: 1.0 },
    Category { name: "キッチン", items: &["土鍋", "まな板", "三徳包丁", "弁当箱", "急須", "保存容器"], sizes: &["Sサイズ", "Mサイズ", "Lサイズ", "2個セット"], price: (1500.0, 9000.0), weight: 0.8 },
    Category { name: "日用品", items: &["洗濯洗剤", "柔軟剤", "入浴剤", "今治タオル", "ハンドソープ", "歯ブラシ"], sizes: &["本体", "詰め替え用", "3個セット", "徳用"], price: (400.0, 2500.0), weight: 1.2 },
    Category { name: "ファッション", items: &["靴下", "Tシャツ", "ストール", "エプロン", "ルームウェア"], sizes: &["S", "M", "L", "フリーサイズ"], price: (1000.0, 7000.0), weight: 0.8 },
    Category { name: "インテリア", items: &["クッション", "アロマディフューザー", "ランプ", "花瓶", "時計"], sizes: &["ホワイト", "ブラック", "ナチュラル"], price: (2000.0, 12000.0), weight: 0.5 },
    Category { name: "ギフト", items: &["ギフトセット", "詰め合わせ", "カタログギフト", "お中元セット", "お歳暮セット"], sizes: &["3,000円コース", "5,000円コース", "10,000円コース"], price: (3000.0, 10000.0), weight: 0.7 },
];

const PREFIXES: &[&str] = &["", "薬用", "オーガニック", "プレミアム", "無添加", "国産", "濃厚", "しっとり", "さっぱり", "北海道産", "京都", "沖縄", "特選", "低糖質", "まるごと"];

/// Relative weight of each calendar month (Jan … Dec).
const SEASON: [f64; 12] = [1.0, 0.85, 1.05, 0.95, 0.95, 1.0, 1.2, 1.0, 0.95, 1.0, 1.3, 1.6];

pub struct Product {
    pub id: String,
    pub name: String,
    pub category: usize,
    pub price: f64,
    pub companion: u32,
}

/// One generated order (dates as day numbers, ids as indices).
pub struct SynthOrder {
    pub customer: u32,
    pub day: i32,
    pub seconds: u32,
    /// Range into `lines`.
    pub lines: std::ops::Range<u32>,
}

pub struct SynthLine {
    pub product: u32,
    pub quantity: u32,
    pub amount: f64,
}

/// The generated order history, before it becomes a Dataset or a CSV.
pub struct Synthetic {
    pub products: Vec<Product>,
    /// Sorted by (day, seconds, customer); order number = position + 1.
    pub orders: Vec<SynthOrder>,
    pub lines: Vec<SynthLine>,
    pub customers: u32,
}

const START: (i32, u32, u32) = (2023, 1, 1);
const END: (i32, u32, u32) = (2025, 12, 31);

fn season_weight(day: i32) -> f64 {
    let (_, m, _) = civil_from_days(day);
    SEASON[m as usize - 1]
}

fn make_products(count: usize, rng: &mut Rng) -> Vec<Product> {
    let cat_weights: Vec<f64> = CATEGORIES
        .iter()
        .scan(0.0, |acc, c| {
            *acc += c.weight;
            Some(*acc)
        })
        .collect();
    let mut products: Vec<Product> = Vec::with_capacity(count);
    for p in 0..count {
        // The first 12 products cover every category once; the rest follow category weights.
        let category = if p < CATEGORIES.len() { p } else { rng.pick_cumulative(&cat_weights) };
        let cat = &CATEGORIES[category];
        let item = cat.items[rng.below(cat.items.len() as u64) as usize];
        let prefix = PREFIXES[rng.below(PREFIXES.len() as u64) as usize];
        let size = cat.sizes[rng.below(cat.sizes.len() as u64) as usize];
        let (lo, hi) = cat.price;
        // Log-uniform in the range, then a shop-like price: ¥1,980 rather than ¥1,937.
        let raw = (lo.ln() + rng.uniform() * (hi.ln() - lo.ln())).exp();
        let price = if raw >= 1000.0 { (raw / 1000.0).round() * 1000.0 - 20.0 } else { (raw / 100.0).round() * 100.0 - 2.0 };
        products.push(Product {
            id: format!("P{:05}", p + 1),
            name: format!("{prefix}{item} {size}"),
            category,
            price: price.max(100.0),
            companion: 0,
        });
    }
    // Companion: another product of the same category, fixed per product.
    let mut by_category: Vec<Vec<u32>> = vec![Vec::new(); CATEGORIES.len()];
    for (i, p) in products.iter().enumerate() {
        by_category[p.category].push(i as u32);
    }
    for i in 0..products.len() {
        let family = &by_category[products[i].category];
        products[i].companion = if family.len() > 1 {
            let mut j = family[rng.below(family.len() as u64) as usize];
            if j == i as u32 {
                j = family[(family.iter().position(|&x| x == j).unwrap_or(0) + 1) % family.len()];
            }
            j
        } else {
            i as u32
        };
    }
    products
}

/// Generate the order history.
pub fn generate(options: &SyntheticOptions) -> Result<Synthetic> {
    if options.customers == 0 || options.customers > MAX_CUSTOMERS {
        return Err(Error::InvalidOption {
            option: "customers".into(),
            message: format!("must be between 1 and {MAX_CUSTOMERS}, got {}", options.customers),
        });
    }
    let n_products = match options.products {
        Some(0) => {
            return Err(Error::InvalidOption { option: "products".into(), message: "must be at least 1".into() });
        }
        Some(p) if p > 100_000 => {
            return Err(Error::InvalidOption { option: "products".into(), message: format!("must be at most {MAX_PRODUCTS}, got {p}") });
        }
        Some(p) => p as usize,
        None => (options.customers as usize / 60).clamp(60, 2000),
    };
    let mut rng = Rng::new(options.seed);
    let mut products = make_products(n_products, &mut rng);
    // Planted products come after the catalogue (ids P…n+1 on), bought only as planted.
    let planted_start = products.len() as u32;
    if options.consumables {
        let planted = ENTRY_PRODUCTS.iter().map(|e| (e.0, e.1, e.2)).chain(CONSUMABLES.iter().map(|c| (c.0, c.1, c.2)));
        for (name, category, price) in planted {
            let i = products.len() as u32;
            products.push(Product { id: format!("P{:05}", i + 1), name: name.to_string(), category, price, companion: i });
        }
    }
    // Planted streams draw from their own generator, so the rest of the history is unchanged.
    let mut planted_rng = Rng::new(options.seed ^ 0x636f_6e73_756d_6573);

    // Zipf popularity over the catalogue (exponent 0.9), overall and within each category.
    let zipf = |rank: usize| 1.0 / ((rank + 1) as f64).powf(0.9);
    let mut global_cum = Vec::with_capacity(n_products);
    let mut acc = 0.0;
    for p in 0..n_products {
        acc += zipf(p);
        global_cum.push(acc);
    }
    let mut family: Vec<Vec<u32>> = vec![Vec::new(); CATEGORIES.len()];
    let mut family_cum: Vec<Vec<f64>> = vec![Vec::new(); CATEGORIES.len()];
    for (p, product) in products.iter().enumerate() {
        let c = product.category;
        let prev = family_cum[c].last().copied().unwrap_or(0.0);
        family[c].push(p as u32);
        family_cum[c].push(prev + zipf(p));
    }
    let cat_cum: Vec<f64> = CATEGORIES
        .iter()
        .scan(0.0, |acc, c| {
            *acc += c.weight;
            Some(*acc)
        })
        .collect();

    let start = days_from_civil(START.0, START.1, START.2);
    let end = days_from_civil(END.0, END.1, END.2);
    let span = (end - start + 1) as f64;
    let season_max = SEASON.iter().cloned().fold(0.0, f64::max);

    let mut orders: Vec<SynthOrder> = Vec::new();
    let mut lines: Vec<SynthLine> = Vec::new();
    let mut history: Vec<u32> = Vec::new();
    let mut basket: Vec<u32> = Vec::new();

    for customer in 0..options.customers {
        // Acquisition day: growth (later days weigh up to 1.6×) times seasonality, by rejection.
        let first_day = loop {
            let d = start + rng.below(span as u64) as i32;
            let growth = 1.0 + 0.6 * (d - start) as f64 / span;
            if rng.uniform() * 1.6 * season_max < growth * season_weight(d) {
                break d;
            }
        };
        let regular = rng.chance(0.40);
        let dropout = if regular { rng.beta(1.2, 9.0) } else { rng.beta(6.0, 2.0) };
        // Purchase rate per day: Gamma with mean 1/50 days (regulars) or 1/90 days.
        let mean_gap = if regular { 50.0 } else { 90.0 };
        let rate = rng.gamma(2.0, 1.0 / (2.0 * mean_gap));
        let favourite = rng.pick_cumulative(&cat_cum);
        let second = rng.pick_cumulative(&cat_cum);
        history.clear();

        let mut day = first_day;
        let mut first_order = true;
        loop {
            // One order on `day`.
            let seconds = {
                // Evening-heavy time of day: mixture of a daytime and an evening peak.
                let hour = if rng.chance(0.6) { 19.0 + rng.normal() * 2.5 } else { 12.0 + rng.normal() * 3.0 };
                ((hour.rem_euclid(24.0)) * 3600.0) as u32
            };
            basket.clear();
            let n_items = 1 + {
                let mut k = 0;
                while k < 8 && rng.chance(0.5) {
                    k += 1;
                }
                k
            };
            for _ in 0..n_items {
                let r = rng.uniform();
                let product = if !history.is_empty() && r < 0.3 {
                    history[rng.below(history.len() as u64) as usize]
                } else {
                    let c = if r < 0.75 {
                        favourite
                    } else if r < 0.88 {
                        second
                    } else {
                        usize::MAX
                    };
                    if c == usize::MAX || family[c].is_empty() {
                        rng.pick_cumulative(&global_cum) as u32
                    } else {
                        family[c][rng.pick_cumulative(&family_cum[c])]
                    }
                };
                if !basket.contains(&product) {
                    basket.push(product);
                }
                let companion = products[product as usize].companion;
                if rng.chance(0.25) && !basket.contains(&companion) {
                    basket.push(companion);
                }
            }
            let mut consumable = None;
            if options.consumables && first_order {
                for (k, e) in ENTRY_PRODUCTS.iter().enumerate() {
                    if planted_rng.chance(if regular { e.3 } else { e.4 }) {
                        basket.push(planted_start + k as u32);
                    }
                }
                if planted_rng.chance(0.15) {
                    let k = planted_rng.below(CONSUMABLES.len() as u64) as usize;
                    basket.push(planted_start + (ENTRY_PRODUCTS.len() + k) as u32);
                    consumable = Some(k);
                }
            }
            first_order = false;
            let line_start = lines.len() as u32;
            for &product in &basket {
                let r = rng.uniform();
                let quantity = if r < 0.85 { 1 } else if r < 0.96 { 2 } else { 3 };
                lines.push(SynthLine { product, quantity, amount: products[product as usize].price * quantity as f64 });
                // Planted products are bought only as planted (never as a repurchase from history).
                if product < planted_start && !history.contains(&product) {
                    history.push(product);
                }
            }
            orders.push(SynthOrder { customer, day, seconds, lines: line_start..lines.len() as u32 });
            // A planted consumable: its reorders, each an order of its own.
            if let Some(k) = consumable {
                let product = planted_start + (ENTRY_PRODUCTS.len() + k) as u32;
                let mut t = day;
                loop {
                    t += CONSUMABLES[k].3 + planted_rng.below(7) as i32 - 3;
                    if t > end {
                        break;
                    }
                    let at = lines.len() as u32;
                    lines.push(SynthLine { product, quantity: 1, amount: products[product as usize].price });
                    orders.push(SynthOrder { customer, day: t, seconds: 36_000, lines: at..at + 1 });
                    if !planted_rng.chance(0.8) {
                        break;
                    }
                }
            }

            // A return now and then: one line of this order, sent back 3–10 days later.
            if rng.chance(0.01) {
                let back = day + 3 + rng.below(8) as i32;
                if back <= end {
                    let line = &lines[line_start as usize + rng.below(basket.len() as u64) as usize];
                    let (product, amount) = (line.product, line.amount);
                    let at = lines.len() as u32;
                    lines.push(SynthLine { product, quantity: 1, amount: -amount });
                    orders.push(SynthOrder { customer, day: back, seconds: 36_000, lines: at..at + 1 });
                }
            }

            if rng.chance(dropout) {
                break;
            }
            // Next purchase: Poisson process thinned by seasonality.
            let mut t = day as f64;
            let next = loop {
                t += rng.exponential(1.0 / (rate * season_max)).max(1.0);
                if t > end as f64 {
                    break None;
                }
                if rng.uniform() * season_max < season_weight(t as i32) {
                    break Some(t as i32);
                }
            };
            match next {
                Some(d) => day = d,
                None => break,
            }
        }
    }
    orders.sort_by_key(|o| (o.day, o.seconds, o.customer, o.lines.start));
    Ok(Synthetic { products, orders, lines, customers: options.customers })
}

impl Synthetic {
    fn customer_id(c: u32) -> String {
        format!("C{:07}", c + 1)
    }
    fn order_id(i: usize, return_order: bool) -> String {
        if return_order {
            format!("R{:08}", i + 1)
        } else {
            format!("O{:08}", i + 1)
        }
    }
    fn time_text(day: i32, seconds: u32) -> String {
        format!("{} {:02}:{:02}:{:02}", format_date(day), seconds / 3600, seconds / 60 % 60, seconds % 60)
    }

    /// As a Dataset (the same rows `to_csv` writes, without the text round trip).
    pub fn to_dataset(&self) -> Dataset {
        let mut builder = DatasetBuilder::with_capacity(self.lines.len());
        let mut rows = 0u64;
        for (i, order) in self.orders.iter().enumerate() {
            let customer = Self::customer_id(order.customer);
            let is_return = self.lines[order.lines.start as usize].amount < 0.0;
            let order_id = Self::order_id(i, is_return);
            for l in order.lines.clone() {
                let line = &self.lines[l as usize];
                let product = &self.products[line.product as usize];
                rows += 1;
                let input = LineInput {
                    kind: None,
                    customer: customer.as_bytes(),
                    order: Some(order_id.as_bytes()),
                    day: order.day,
                    seconds: Some(order.seconds),
                    product: Some(product.id.as_bytes()),
                    product_name: Some(product.name.as_bytes()),
                    category: Some(CATEGORIES[product.category].name.as_bytes()),
                    quantity: line.quantity as f64,
                    amount: line.amount,
                };
                // Generated ids never conflict, so push cannot fail here.
                let _ = builder.push(&input, rows as u32 + 1);
            }
        }
        let source = SourceInfo { kind: "synthetic", amount_source: "amount", format: "generic", currency: "JPY".into(), ..SourceInfo::default() };
        builder.finish(rows, Vec::new(), Default::default(), Vec::new(), source)
    }

    /// As an order-line CSV with English headers (UTF-8 with BOM, as all crmkit exports).
    pub fn to_csv(&self) -> Vec<u8> {
        let mut out = String::new();
        self.write_csv(&mut out);
        out.into_bytes()
    }

    /// [`Synthetic::to_csv`], with the output reserved first: a shop too large for the memory
    /// left is `OutOfMemory` (TOO_LARGE), not an abort. Rows are written as they are made (no
    /// copy of the table is held beside the output).
    pub fn try_to_csv(&self) -> crate::error::Result<Vec<u8>> {
        // About 110 bytes per line (ids, a timestamp, a product name in UTF-8, numbers).
        let bytes = self.lines.len().saturating_mul(128).saturating_add(256);
        let mut out = String::new();
        out.try_reserve(bytes).map_err(|_| crate::error::Error::OutOfMemory { bytes: bytes as u64 })?;
        self.write_csv(&mut out);
        Ok(out.into_bytes())
    }

    fn write_csv(&self, out: &mut String) {
        let headers = ["order_id", "customer_id", "order_date", "product_id", "product_name", "category", "quantity", "unit_price", "amount"];
        let rows = self.orders.iter().enumerate().flat_map(|(i, order)| {
            let is_return = self.lines[order.lines.start as usize].amount < 0.0;
            let order_id = Self::order_id(i, is_return);
            let customer = Self::customer_id(order.customer);
            let when = Self::time_text(order.day, order.seconds);
            order.lines.clone().map(move |l| {
                let line = &self.lines[l as usize];
                let product = &self.products[line.product as usize];
                vec![
                    Cell::Owned(order_id.clone()),
                    Cell::Owned(customer.clone()),
                    Cell::Owned(when.clone()),
                    Cell::Text(&product.id),
                    Cell::Text(&product.name),
                    Cell::Text(CATEGORIES[product.category].name),
                    Cell::Number(line.quantity as f64),
                    Cell::Number(product.price * line.amount.signum()),
                    Cell::Number(line.amount),
                ]
            })
        });
        write_csv(out, &headers, rows);
    }
}

/// `Dataset.synthetic`.
pub fn synthetic(options: &SyntheticOptions) -> Result<Dataset> {
    Ok(generate(options)?.to_dataset())
}
