//! The product axis (docs/products.md): ABC / Pareto, seasonality, entry products (入口商品),
//! next-product transitions, replenishment intervals and the due-to-reorder list.

pub mod abc;
pub mod entry;
pub mod reorder;
pub mod season;

use crate::dataset::{Dataset, NONE, UNKNOWN};
use crate::error::{Error, Result};

/// What an item is: a product, or a product's category.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum By {
    #[default]
    Product,
    Category,
}

impl By {
    pub fn as_str(self) -> &'static str {
        match self {
            By::Product => "product",
            By::Category => "category",
        }
    }
}

/// The items of an analysis: labels, product names (for products), and each product's item.
pub struct Axis {
    pub by: By,
    /// Product ids, or category names (`unknown` for products without one).
    pub labels: Vec<String>,
    /// Product names (empty for categories).
    pub names: Vec<String>,
    /// Item of each product index.
    pub of_product: Vec<u32>,
}

impl Axis {
    /// The items of `ds` (refused with `MISSING_FIELD` when the file had no product column).
    pub fn new(ds: &Dataset, by: By, analysis: &'static str) -> Result<Axis> {
        ds.need_products(analysis)?;
        match by {
            By::Product => Ok(Axis {
                by,
                labels: ds.product_ids.iter().map(String::from).collect(),
                names: ds.product_names.iter().map(|n| n.to_string()).collect(),
                of_product: (0..ds.products() as u32).collect(),
            }),
            By::Category => {
                if ds.categories.is_empty() {
                    return Err(Error::MissingField { analysis, field: "a category column (category / カテゴリ)", option: "category" });
                }
                let mut labels: Vec<String> = ds.categories.iter().map(String::from).collect();
                let unknown = labels.len() as u32;
                let mut any_unknown = false;
                let of_product = ds
                    .product_category
                    .iter()
                    .map(|&c| {
                        if c == NONE {
                            any_unknown = true;
                            unknown
                        } else {
                            c
                        }
                    })
                    .collect();
                if any_unknown {
                    labels.push(UNKNOWN.into());
                }
                Ok(Axis { by, labels, names: Vec::new(), of_product })
            }
        }
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The item of line `l` (`None` for a line without a product).
    pub fn of_line(&self, ds: &Dataset, l: usize) -> Option<usize> {
        let p = ds.line_product[l];
        (p != NONE).then(|| self.of_product[p as usize] as usize)
    }

    /// The product name of item `i` ('' for categories).
    pub fn name(&self, i: usize) -> &str {
        self.names.get(i).map_or("", String::as_str)
    }

    /// The distinct items of order `o`, in first-line order (into `out`, cleared first).
    pub fn order_items(&self, ds: &Dataset, o: usize, out: &mut Vec<usize>) {
        out.clear();
        for l in ds.order_lines(o) {
            if let Some(i) = self.of_line(ds, l) {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
        }
    }
}

/// Whether order `o` is a purchase (net amount ≥ 0).
pub fn is_purchase(ds: &Dataset, o: usize) -> bool {
    ds.order_amount[o] >= 0.0
}
