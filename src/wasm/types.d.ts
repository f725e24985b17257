/** Options of `Dataset.fromCsv`. Every field is optional. */
export interface FromCsvOptions {
  /** 'auto' (default): BOM → valid UTF-8 → Shift_JIS (CP932). */
  encoding?: 'auto' | 'utf-8' | 'shift_jis';
  /** 'auto' (default) detects from the header line. */
  delimiter?: 'auto' | ',' | '\t' | ';' | '|';
  /** Header names per field; omitted fields are auto-detected from English/Japanese names. */
  columns?: ColumnNames;
  /** 'skip' (default): keep going and report every rejected row. 'error': throw on the first one. */
  onInvalidRow?: 'skip' | 'error';
  /** Statuses (case-insensitive) that exclude an order, replacing the built-in list
   *  (cancelled, refunded, キャンセル, 注文取消し, 返品, …; see docs/cart-exports.md). */
  excludeStatuses?: string[];
  /** Count shipping and/or fees as revenue (default: revenue is merchandise net of discounts). */
  revenue?: { shipping?: boolean; fees?: boolean };
  /** Salt of the hashed ids of guests keyed by e-mail or phone (default: fixed, so the same file
   *  gives the same ids). */
  guestSalt?: string;
  /** Called with the fraction of the input read (0..1) every few MB and at the end. */
  onProgress?: (fraction: number) => void;
}

/**
 * Header names (as written in the file) for each field crmkit reads. `false` leaves a field out
 * even if a header looks like it (e.g. a 'category' column you do not want used).
 */
export interface ColumnNames {
  orderId?: string | false;
  customerId?: string | false;
  orderDate?: string | false;
  productId?: string | false;
  productName?: string | false;
  category?: string | false;
  quantity?: string | false;
  unitPrice?: string | false;
  amount?: string | false;
  /** A time-of-day column of its own (MakeShop's 注文時間). */
  orderTime?: string | false;
  /** The order status (cancelled / refunded / キャンセル orders are left out). */
  orderStatus?: string | false;
  /** A cancellation flag or date (Shopify's `Cancelled at`). */
  cancelled?: string | false;
  /** The buyer's e-mail: keys guests (without a member id) as a salted hash. */
  email?: string | false;
  /** The buyer's phone: keys guests without e-mail as a salted hash. */
  phone?: string | false;
  /** What each line is: product, shipping, fee, discount, points, tax (EC-CUBE 明細区分). */
  lineType?: string | false;
  /** A discount on the line, subtracted from unit price × quantity. */
  lineDiscount?: string | false;
  /** The order's total: reconciles the lines, never a line amount. */
  orderTotal?: string | false;
  /** Order-level shipping, fees, points used, coupon and tax: one line each per order. */
  shipping?: string | false;
  fee?: string | false;
  points?: string | false;
  coupon?: string | false;
  tax?: string | false;
}

/** Header names for the fields of a customer table (`addCustomers`). */
export interface CustomerColumns {
  customerId?: string | false;
  gender?: string | false;
  birthDate?: string | false;
  age?: string | false;
  prefecture?: string | false;
  signupDate?: string | false;
  channel?: string | false;
}

/** Header names for the fields of a customer summary (`Clv.fromSummary`). */
export interface SummaryColumns {
  customerId?: string | false;
  frequency?: string | false;
  recency?: string | false;
  T?: string | false;
  monetaryValue?: string | false;
}

/** Options of `inspectCsv`. */
export interface InspectCsvOptions {
  /** Which table the file is: 'orders' (default), 'customers' (`addCustomers`) or
   *  'customerSummary' (`Clv.fromSummary`). Decides the fields and `columns` keys. */
  table?: 'orders' | 'customers' | 'customerSummary';
  encoding?: 'auto' | 'utf-8' | 'shift_jis';
  delimiter?: 'auto' | ',' | '\t' | ';' | '|';
  /** The mapping to try (as in `fromCsv`); omitted fields are auto-detected. */
  columns?: ColumnNames | CustomerColumns | SummaryColumns;
  /** Data rows to return, 0 … 1000 (default 10). */
  rows?: number;
  /** The bytes are the start of a longer file: a partial last line is ignored. */
  truncated?: boolean;
}

/** One previewed data row and whether it would load with the mapping. */
export interface CsvInspectionRow {
  /** 1-based line where the row starts. */
  line: number;
  values: string[];
  /** Set when the row would be rejected on its own fields (null when accepted or the mapping is
   *  incomplete). Checks across rows are not previewed: a repeated order id with another customer
   *  ('order_customer_mismatch') or a repeated customer id ('duplicate_customer') shows as null. */
  code: RejectCode | null;
  reason: string | null;
}

/** One field of the inspected table, for the column-mapping step. */
export interface FieldInfo {
  /** API name, also the key of the `columns` option ('customerId'). */
  field: string;
  /** Whether a load needs it (alone or through `satisfiedBy`). */
  required: boolean;
  /** Fields any one of which meets the requirement (['amount', 'unitPrice']); [] when optional. */
  satisfiedBy: string[];
  /** The header mapped to it, or null. */
  column: string | null;
  /** Its 0-based position in the file (headers can repeat), or null. */
  columnIndex: number | null;
  /** Other headers of the file this field's names also match (e.g. 注文日 beside 注文日時). */
  alternatives: string[];
}

/** What `inspectCsv` found: everything a column-mapping step needs. */
export interface CsvInspection {
  table: 'orders' | 'customers' | 'customerSummary';
  /** The export layout recognised ('shopify', 'eccube4', …) or 'generic'. */
  format: string;
  encoding: SourceInfo['encoding'];
  delimiter: string;
  headers: string[];
  /** Every field of the table, in mapping order: required or not, what satisfies it, its column. */
  fields: FieldInfo[];
  /** The mapping `fromCsv` would use with the same options. */
  columns: ColumnMatch[];
  unmappedHeaders: string[];
  /** Required fields whose requirement is not met (orders: 'customerId' | 'orderDate' | 'amount').
   *  Empty = loadable. */
  missing: string[];
  /** The error `fromCsv` would throw for the missing fields (null when loadable). */
  problem: string | null;
  amountSource: SourceInfo['amountSource'] | null;
  rows: CsvInspectionRow[];
  /** Bytes looked at. */
  sampleBytes: number;
  warnings: Warning[];
}

/** Options of `Dataset.synthetic`. */
export interface SyntheticOptions {
  /** Number of customers (1 … 2,000,000; default 1,000). About 8 order lines per customer. */
  customers?: number;
  /** Seed of the deterministic generator (default 1). Same options → identical data. */
  seed?: number;
  /** Catalogue size (default: customers / 60, clamped to 60 … 2,000). */
  products?: number;
}

/** A data row that was not loaded, with the 1-based line where it starts. */
export interface RejectedRow {
  line: number;
  code: RejectCode;
  reason: string;
}

export type RejectCode =
  | 'field_count' | 'empty_row' | 'missing_customer' | 'missing_date' | 'bad_date'
  | 'missing_amount' | 'bad_amount' | 'bad_quantity' | 'bad_unit_price' | 'order_customer_mismatch'
  | 'duplicate_customer' | 'bad_frequency' | 'bad_recency' | 'bad_t' | 'bad_monetary_value' | 'inconsistent_summary';

/** Something worth knowing that did not stop the load. */
export interface Warning {
  code: string;
  message: string;
  line?: number;
}

/** Which header fed which field. */
export interface ColumnMatch {
  /** The field's API name (orders: a key of `ColumnNames`). */
  field: string;
  header: string;
  /** 0-based column position. */
  index: number;
  /** 'auto' = matched by a known header name; 'option' = given in `columns`; 'profile' = by the
   *  recognised export layout; 'data' = moved by what the data showed (an order total). */
  matchedBy: 'auto' | 'option' | 'profile' | 'data';
}

export interface SourceInfo {
  kind: 'csv' | 'synthetic';
  bytes: number;
  encoding: '' | 'utf-8' | 'utf-8-bom' | 'shift_jis' | 'utf-16le' | 'utf-16be';
  /** The delimiter character: ',' '\t' (a real tab) ';' '|' (empty for synthetic data). */
  delimiter: string;
  columns: ColumnMatch[];
  unmappedHeaders: string[];
  /** How line amounts were obtained ('orderTotal': an order-level amount, once per order). */
  amountSource: 'amount' | 'quantity*unitPrice' | 'unitPrice' | 'orderTotal';
  /** The export layout recognised ('shopify', 'eccube4', 'rakuten-rms', …) or 'generic'. */
  format: string;
  /** ISO 4217 code of the amounts ('JPY', 'GBP', …): the layout's, or the file's currency column;
   *  '' when the file does not say. Several in one file: the first, and a `mixed_currencies` warning. */
  currency: string;
}

/** What the cart-export rules left out (docs/cart-exports.md). Rows counted here were read and
 *  understood: they are accepted rows, not rejected ones. */
export interface Exclusions {
  /** Orders whose status or cancellation flag says they did not happen. */
  cancelledOrders: number;
  cancelledLines: number;
  cancelledAmount: number;
  /** Shipping, fee, discount, points and tax lines (rows, or order-level columns once per order). */
  nonProductLines: number;
  shippingAmount: number;
  feesAmount: number;
  pointsAmount: number;
  taxAmount: number;
  /** Discounts and coupons (≤ 0): counted in revenue (merchandise net of discounts). */
  discountAmount: number;
  shippingInRevenue: boolean;
  feesInRevenue: boolean;
  /** Customers without a member id, keyed by a salted hash of their e-mail / phone. */
  guestsByEmail: number;
  guestsByPhone: number;
}

/** One calendar month: revenue = customers × ordersPerCustomer × aov. */
export interface MonthSummary {
  /** 'YYYY-MM' */
  month: string;
  /** Distinct customers with a purchase order this month. */
  customers: number;
  /** Customers whose first purchase order is this month. */
  newCustomers: number;
  /** customers − newCustomers. */
  repeatCustomers: number;
  /** Purchase orders (net amount ≥ 0). */
  orders: number;
  /** Net revenue: newRevenue + repeatRevenue + returns. */
  revenue: number;
  /** Amount of customers' first purchase orders (新規売上). */
  newRevenue: number;
  /** Amount of later purchase orders (リピート売上). */
  repeatRevenue: number;
  /** Net amount of return orders dated this month (≤ 0). */
  returns: number;
  /** revenue / orders. */
  aov: number;
  /** orders / customers. */
  ordersPerCustomer: number;
}

export interface Summary {
  /** Data rows read (header and blank lines excluded). rows = rowsAccepted + rowsRejected. */
  rows: number;
  rowsAccepted: number;
  rowsRejected: number;
  /** The first 1,000 rejected rows; all of them via `rejectedCsv()`. */
  rejected: RejectedRow[];
  rejectedTruncated: boolean;
  rejectedByReason: { code: RejectCode; count: number }[];
  customers: number;
  /** Purchase orders (net amount ≥ 0). */
  orders: number;
  lines: number;
  products: number;
  categories: number;
  /** 'YYYY-MM-DD', null when there are no orders. */
  firstDate: string | null;
  lastDate: string | null;
  /** Net revenue (returns subtracted). */
  revenue: number;
  /** revenue / orders. */
  aov: number;
  ordersPerCustomer: number;
  revenuePerCustomer: number;
  /** Customers with ≥ 2 purchase orders. */
  repeatCustomers: number;
  /** repeatCustomers / customers with ≥ 1 purchase order (リピート率). */
  repeatRate: number;
  returns: { lines: number; orders: number; amount: number };
  byMonth: MonthSummary[];
  source: SourceInfo;
  exclusions: Exclusions;
  warnings: Warning[];
  /** Bytes held by the loaded Dataset in wasm memory. */
  memoryBytes: number;
}

/** Every error thrown by crmkit is an `Error` with these extra fields. */
export interface CrmkitError extends Error {
  code: 'EMPTY_INPUT' | 'NO_DATA_ROWS' | 'NOT_CSV' | 'ENCODING' | 'MISSING_COLUMN' | 'UNKNOWN_COLUMN'
    | 'INVALID_ROW' | 'INVALID_OPTION' | 'NO_VALID_ROWS' | 'TOO_LARGE' | 'INSUFFICIENT_DATA'
    | 'NOT_CONVERGED' | 'INTERNAL';
  /** 1-based line, for row and encoding errors. */
  line?: number;
  /** The option at fault, e.g. 'columns.customerId'. An unknown key or a value of the wrong
   *  type is named with the method first ('rfm.thresholds.frequncy'); a value that is not
   *  allowed by its path alone ('thresholds.frequency'). */
  option?: string;
}

/** Options of `ds.rfm()`. */
export interface RfmOptions {
  /** 'YYYY-MM-DD'. Only orders dated before it count. Default: the day after the last order. */
  asOf?: string;
  /** Quantile bins per axis (2–10, default 5). For 'fixed', levels = cut points + 1. */
  bins?: number;
  /** 'quantile' (default, = pandas.qcut with duplicate edges dropped) or 'fixed' (cut points). */
  method?: 'quantile' | 'fixed';
  /** Ascending cut points for method 'fixed'. Defaults: recency [30, 90, 180, 365] days,
   *  frequency [2, 3, 5, 10] orders, monetary [10000, 30000, 100000, 300000]. */
  thresholds?: { recency?: number[]; frequency?: number[]; monetary?: number[] };
  /** Custom segments: first matching rule wins (inclusive score ranges); unmatched → 'other'. */
  segmentMap?: SegmentRule[];
  /** Segment names: 'ja' (default) or 'en'. */
  lang?: 'ja' | 'en';
}

export interface SegmentRule {
  name: string;
  r?: [number, number];
  f?: [number, number];
  m?: [number, number];
  /** FM = ⌈(F + M) / 2⌉ */
  fm?: [number, number];
}

export interface SegmentRow {
  /** Value used in `RfmResult.segment`. */
  id: number;
  /** Stable key: champions, loyal, active, new, promising, needs_attention, at_risk, almost_lost,
   *  previously_loyal, dormant (default map), the rule name (custom map) or 'other'. */
  key: string;
  /** Display name in the requested language. */
  name: string;
  customers: number;
  /** Share of scored customers. */
  share: number;
  revenue: number;
  revenueShare: number;
  meanRecency: number;
  meanFrequency: number;
  meanMonetary: number;
}

export interface RfmResult {
  asOf: string;
  method: 'quantile' | 'fixed';
  bins: number;
  customersScored: number;
  /** Customers with no purchase before asOf (segment 255, scores 0, recency NaN). */
  customersNotScored: number;
  segments: SegmentRow[];
  /** Customers and revenue per (R score, F score), row-major: index (r − 1) · bins + (f − 1). */
  grid: { bins: number; customers: number[]; revenue: number[] };
  /** Quantile edges (duplicates dropped) or the fixed cut points. */
  edges: { recency: number[]; frequency: number[]; monetary: number[] };
  warnings: Warning[];
  /** Per customer (index = customer index, see `customerIds()`): */
  recency: Float64Array;
  frequency: Uint32Array;
  monetary: Float64Array;
  rScore: Uint8Array;
  fScore: Uint8Array;
  mScore: Uint8Array;
  /** Segment id per customer (255 = not scored). */
  segment: Uint8Array;
}

/** Options of `ds.deciles()`. */
export interface DecileOptions {
  /** Only 'monetary' (net spend). */
  by?: 'monetary';
  asOf?: string;
  /** Window length in days before asOf; default: all history. */
  periodDays?: number;
}

export interface DecileRow {
  decile: number;
  customers: number;
  revenue: number;
  share: number;
  cumulativeShare: number;
  orders: number;
  aov: number;
  ordersPerCustomer: number;
  minSpend: number;
  maxSpend: number;
}

export interface DecileResult {
  asOf: string;
  /** First day of the window, or null for all history. */
  from: string | null;
  customers: number;
  revenue: number;
  deciles: DecileRow[];
  warnings: Warning[];
  /** Decile 1–10 per customer (0 = no purchase in the window). */
  decile: Uint8Array;
}

/** Options of `ds.cpm()`. */
export interface CpmOptions {
  asOf?: string;
  /** Defaults (LTV-Lab): lapsed at 240 days since the last purchase; tenure cut-offs 90 and 210
   *  days; spend cut-off 70,000. */
  thresholds?: { lapseDays?: number; tenureDays?: [number, number]; spend?: number };
  lang?: 'ja' | 'en';
}

export type CpmGroupKey =
  | 'active_first' | 'active_early' | 'active_steady' | 'active_trendy' | 'active_top'
  | 'lapsed_first' | 'lapsed_early' | 'lapsed_steady' | 'lapsed_trendy' | 'lapsed_top';

export interface CpmGroupRow {
  id: number;
  key: CpmGroupKey;
  name: string;
  customers: number;
  share: number;
  revenue: number;
  revenueShare: number;
  meanSpend: number;
  meanPurchases: number;
}

export interface CpmMonth {
  /** Classification as of the end of this month ('YYYY-MM'). */
  month: string;
  /** Customers per group, in `groups` order. */
  counts: number[];
  /** 11 × 11 flows from the previous month, row-major [from][to]; index 10 = not yet a customer. */
  transitions: number[];
}

export interface CpmResult {
  asOf: string;
  thresholds: { lapseDays: number; tenureDays: [number, number]; spend: number };
  groups: CpmGroupRow[];
  monthly: CpmMonth[];
  /** Group id per customer (255 = no purchase before asOf). */
  group: Uint8Array;
}

/** Options of `ds.repeat()`. */
export interface RepeatOptions {
  asOf?: string;
  /** Increasing day windows for F2 conversion (default [30, 60, 90, 180, 365]). */
  windows?: number[];
}

export interface RepeatResult {
  asOf: string;
  windows: number[];
  /** Customers with ≥ 1 purchase before asOf. */
  buyers: number;
  /** Customers with ≥ 2 purchases. */
  repeatBuyers: number;
  /** リピート率 = repeatBuyers / buyers. */
  repeatRate: number;
  /** F(from) → F(from+1) for from = 1 … 5: converted / customers. */
  stages: { from: number; customers: number; converted: number; rate: number }[];
  /** F2 within each window, over first-time buyers whose window is fully observed. */
  f2Within: { days: number; eligible: number; converted: number; rate: number | null }[];
  /** By first-purchase month; window cells are null until the whole cohort has had the window. */
  cohorts: {
    month: string;
    firstTimeBuyers: number;
    f2Ever: number;
    f2EverRate: number;
    f2Within: (number | null)[];
    f2WithinRate: (number | null)[];
  }[];
  /** Days from the 1st to the 2nd purchase (null statistics when nobody bought twice). */
  daysToSecond: {
    customers: number;
    mean: number | null;
    p25: number | null;
    median: number | null;
    p75: number | null;
    p90: number | null;
    histogram: { from: number; to: number | null; customers: number }[];
  };
}

/** Which customers `ds.segmentMembers()` exports; the filters combine with AND. */
export interface SegmentSelector {
  /** RFM segment key ('at_risk') or display name ('離脱危機'), or a list. */
  rfmSegment?: string | string[];
  /** CPM group key ('active_top') or display name ('現役優良客'), or a list. */
  cpmGroup?: CpmGroupKey | string | (CpmGroupKey | string)[];
  /** Decile 1–10, or a list. */
  decile?: number | number[];
  /** asOf for all three analyses (each options object below may override it). */
  asOf?: string;
  rfm?: RfmOptions;
  cpm?: CpmOptions;
  deciles?: DecileOptions;
}

/** Options of `ds.addCustomers()`. */
export interface AddCustomersOptions {
  encoding?: 'auto' | 'utf-8' | 'shift_jis';
  delimiter?: 'auto' | ',' | '\t' | ';' | '|';
  /** Header names per field; omitted fields are auto-detected. Other columns become attributes. */
  columns?: CustomerColumns;
  /** 'skip' (default) or 'error' (throw on the first rejected row). */
  onInvalidRow?: 'skip' | 'error';
  /** Header of the customer id column (the same as `columns.customerId`). */
  customerId?: string;
  /** Date for ages from birth dates (default: the day after the last order). */
  asOf?: string;
}

export interface AddCustomersReport {
  /** Data rows read = rowsAccepted + rowsRejected. */
  rows: number;
  rowsAccepted: number;
  rowsRejected: number;
  /** Rejected rows (empty id, repeated id, wrong field count) with their lines. */
  rejected: RejectedRow[];
  /** Accepted rows whose customer has no orders. */
  unmatched: number;
  /** Customers of the order history found in the table. */
  matched: number;
  /** Customers of the order history not in the table (attributes 'unknown'). */
  missing: number;
  /** Attributes now available to `crosstab`: gender, ageBand, prefecture, signupMonth, channel, or a header. */
  attributes: { name: string; header: string; categories: number; known: number }[];
  warnings: Warning[];
}

/** Options of `ds.crosstab()`. */
export interface CrosstabOptions {
  /** A dimension: an attribute name ('gender', 'ageBand', 'prefecture', 'signupMonth',
   *  'channel', or another column header), 'rfmSegment', 'cpmGroup' or 'decile'. */
  rows: string;
  cols: string;
  /** 'customers' (default), 'revenue' or 'aov'. */
  metric?: 'customers' | 'revenue' | 'aov';
  asOf?: string;
  /** Options for the 'rfmSegment' dimension. */
  rfm?: RfmOptions;
  /** Options for the 'cpmGroup' dimension. */
  cpm?: CpmOptions;
}

export interface CrosstabResult {
  asOf: string;
  metric: string;
  /** The `rows` and `cols` dimensions asked for: what kind of label each row and column is. */
  rowDimension: string;
  colDimension: string;
  rows: string[];
  cols: string[];
  /** Row-major: values[r * cols.length + c]. */
  values: number[];
  /** Customers per cell (row-major), whatever the metric. */
  customers: number[];
  rowTotals: number[];
  colTotals: number[];
  total: number;
}

/** Options of `ds.cohorts()`. */
export interface CohortOptions {
  /** Cohort and cell period (default 'month'); weeks start on `weekStart`. */
  period?: 'day' | 'week' | 'month' | 'quarter';
  /** Default 'customers' (active customers). Revenue metrics count net revenue (returns included). */
  metric?: 'customers' | 'orders' | 'revenue' | 'revenuePerCustomer' | 'cumulativeRevenuePerCustomer';
  /** 'period' (default): active in exactly period k. 'rolling': active in k or later (customers only). */
  mode?: 'period' | 'rolling';
  /** Limit the number of period columns. */
  maxPeriods?: number;
  /** One matrix per group: entry product / category (largest line of the first order), an attribute
   *  from addCustomers, or the RFM segment. */
  groupBy?: 'firstProduct' | 'firstCategory' | 'rfmSegment' | string;
  /** Largest groups kept (default 20); the rest are pooled as 'other'. */
  maxGroups?: number;
  /** Cohorts whose first-purchase period is within [from, to] (dates). */
  from?: string;
  to?: string;
  weekStart?: 'monday' | 'sunday';
}

export interface CohortMatrix {
  /** Group name (groups only). */
  group?: string;
  /** Customers in the matrix. */
  size: number;
  /** One row per cohort (first-purchase period label: YYYY-MM, YYYY-MM-DD (day/week start), YYYY-Qn). */
  cohorts: { label: string; size: number }[];
  /** Row-major cohorts × periods; NaN = period not observed yet. */
  values: Float64Array;
  /** values ÷ cohort size (revenue metrics: per customer). */
  rates: Float64Array;
  /** Size-weighted average rate per period over observed cells (NaN when none). */
  average: number[];
}

export interface CohortResult extends CohortMatrix {
  period: 'day' | 'week' | 'month' | 'quarter';
  metric: string;
  mode: 'period' | 'rolling';
  /** Column labels: periods since the first purchase, "0", "1", … */
  periods: string[];
  groups: CohortMatrix[];
  /** Days between consecutive purchases of every customer. */
  timeBetweenPurchases: {
    gaps: number;
    mean: number | null;
    p25: number | null;
    median: number | null;
    p75: number | null;
    p90: number | null;
    histogram: { from: number; to: number | null; customers: number }[];
  };
}

/** Options of `ds.recommend()` / `recommendationsCsv()`. */
export interface RecommendOptions {
  /** Item-item similarity (default 'jaccard'). */
  similarity?: 'cooccurrence' | 'jaccard' | 'lift' | 'cosine' | 'inclusion';
  /** What counts as one basket: 'customer' (bought both, ever; default) or 'order' (same cart). */
  basket?: 'customer' | 'order';
  /** Items per customer (default 10). */
  k?: number;
  /** Do not recommend what the customer already bought (default true). false = repurchase. */
  excludePurchased?: boolean;
  /** Exponential time decay of past purchases (SAR default would be 30). */
  halfLifeDays?: number;
  /** Affinity from purchase counts (default) or amounts. */
  affinity?: 'count' | 'amount';
  /** Only these customer ids. */
  customers?: string[];
  /** Drop co-occurrences seen in fewer baskets (default 1). */
  minSupport?: number;
  /** Keep each item's M nearest neighbours only (default: all). */
  topM?: number;
  /** Never recommend these product ids (送料, gift wrapping, samples). */
  excludeItems?: string[];
  /** Recommend only among these product ids. */
  candidateItems?: string[];
}

export interface RecommendResult {
  customers: number;
  /** Customers with no purchase history (popularity only). */
  coldStartCustomers: number;
  similarityEntries: number;
  /** One row per recommendation (see `customerIds()` / `productIds()` / `productNames()`). */
  customerIndex: Uint32Array;
  itemIndex: Uint32Array;
  score: Float64Array;
  /** 1-based rank within the customer. */
  rank: Uint16Array;
  /** 1 when the row was filled from popularity (not enough item-item candidates / cold start). */
  popularity: Uint8Array;
}

/** Options of `ds.similarItems(productId, k?, options?)`: what shapes the similarity and the
 *  candidates (as in `RecommendOptions`). */
export interface SimilarItemsOptions {
  similarity?: RecommendOptions['similarity'];
  basket?: RecommendOptions['basket'];
  minSupport?: number;
  topM?: number;
  excludeItems?: string[];
  candidateItems?: string[];
  /** Items returned (1 … 1000, default 10); the same as the second argument (give one). */
  k?: number;
}

export interface SimilarItem {
  productId: string;
  name: string;
  similarity: number;
  /** Baskets with both items. */
  together: number;
}

export interface BoughtTogetherOptions {
  /** Minimum orders with both items (default 2). */
  minSupport?: number;
  /** Minimum confidence 0–1 (default 0). */
  minConfidence?: number;
  /** Rules returned (default 100), by confidence then orders. */
  k?: number;
}

export interface BoughtTogetherResult {
  /** Purchase orders with products. */
  orders: number;
  rules: {
    antecedent: string;
    antecedentName: string;
    consequent: string;
    consequentName: string;
    orders: number;
    support: number;
    confidence: number;
    lift: number;
  }[];
}

export interface EvaluateOptions {
  /** 'last-order' (default): each customer's last purchase order; 'time': orders on/after `split`. */
  holdout?: 'last-order' | 'time';
  split?: string;
  k?: number;
  similarity?: RecommendOptions['similarity'];
  basket?: RecommendOptions['basket'];
  excludePurchased?: boolean;
  halfLifeDays?: number;
  affinity?: 'count' | 'amount';
  minSupport?: number;
  topM?: number;
}

export interface RecommendationMetrics {
  hit: number;
  precision: number;
  recall: number;
  ndcg: number;
  map: number;
  coverage: number;
}

export interface Evaluation {
  k: number;
  holdout: 'last-order' | 'time';
  similarity: string;
  basket: string;
  customersEvaluated: number;
  model: RecommendationMetrics;
  popularity: RecommendationMetrics;
}

/** Options of `ds.clv()`. */
export interface ClvOptions {
  /** Last day of the calibration (fitting) period, inclusive (default: the last order date). */
  calibrationEnd?: string;
  /** With it, purchases in (calibrationEnd, observationEnd] are the holdout for validation. */
  observationEnd?: string;
  /** Time unit of frequency/recency/T and the model (default 'week' = days / 7, as in FHL 2005). */
  unit?: 'day' | 'week';
  /** CLV horizon in days (default 360 = 12 months of 30 days). */
  horizonDays?: number;
  /** Monthly discount rate (default 0.01). */
  discountRate?: number;
  /** L2 penalty on the parameters, as lifetimes' penalizer_coef (default 0). */
  penalizer?: number;
  /** Fit below the data-sufficiency limits (500 customers, 180 days of history). */
  allowSmallData?: boolean;
  /** Horizon of `expectedPurchases` in days (default 90). */
  predictDays?: number;
  /** P(alive) cut-offs [lapsed below, active from] for `aliveBands` (default [0.5, 0.8]). */
  aliveThresholds?: [number, number];
  /** Model check: also refit with the last `holdoutDays` days held out and compare predicted with
   *  actual purchases in them (`holdoutCheck`). Not with `observationEnd`. */
  holdoutDays?: number;
}

/** Options of `Clv.fromSummary()`: the table options and the model options of `clv()`. */
export interface ClvSummaryOptions {
  encoding?: 'auto' | 'utf-8' | 'shift_jis';
  delimiter?: 'auto' | ',' | '\t' | ';' | '|';
  columns?: SummaryColumns;
  onInvalidRow?: 'skip' | 'error';
  /** Reported as `calibrationEnd` (the date the summary was computed up to). */
  calibrationEnd?: string;
  unit?: 'day' | 'week';
  horizonDays?: number;
  discountRate?: number;
  penalizer?: number;
  allowSmallData?: boolean;
  predictDays?: number;
  aliveThresholds?: [number, number];
  /** Not available for a summary (no holdout purchases): an INVALID_OPTION error says so. */
  observationEnd?: string;
  /** Not available for a summary: an INVALID_OPTION error says so. */
  holdoutDays?: number;
}

/** The model check of `clv({ holdoutDays })`: refitted up to `calibrationEnd`, compared with the
 *  purchases in (calibrationEnd, observationEnd]. */
export interface HoldoutCheck {
  days: number;
  /** Days from the first order to the end of the data. */
  historyDays: number;
  /** Days of history the check needs (3 × days); under it the check is skipped ('short_history'). */
  neededDays: number;
  calibrationEnd: string | null;
  observationEnd: string | null;
  /** Predicted vs actual mean holdout purchases per calibration frequency ([] when skipped). */
  holdout: { frequency: string; customers: number; predicted: number; actual: number }[];
  holdoutMae: number | null;
  /** Why the check did not run: 'short_history' (under 3 × days of history) or the refit's error
   *  code ('INSUFFICIENT_DATA', 'NOT_CONVERGED'); null when it ran. */
  skipped: 'short_history' | CrmkitError['code'] | null;
  /** The refit's error message or the history length, when skipped. */
  message: string | null;
}

export interface ClvResult {
  unit: 'day' | 'week';
  /** 'YYYY-MM-DD'; '' for `Clv.fromSummary` without its `calibrationEnd` option. */
  calibrationEnd: string;
  observationEnd: string | null;
  /** Customers with a purchase up to calibrationEnd. */
  customers: number;
  /** Of them, with ≥ 1 repeat purchase (the Gamma-Gamma sample). */
  repeatCustomers: number;
  bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number };
  gammaGamma: { p: number; q: number; v: number; logLikelihood: number };
  evaluations: number;
  horizonDays: number;
  discountRate: number;
  /** P(no purchase in 90 days): low < 1/3, medium 1/3–2/3, high > 2/3. */
  riskBands: { band: 'low' | 'medium' | 'high'; customers: number; clv: number; pastRevenue: number }[];
  /** By P(alive): active (≥ upper cut-off), at_risk, lapsed (< lower cut-off); CLV and past revenue at stake. */
  aliveBands: { band: 'active' | 'at_risk' | 'lapsed'; customers: number; clv: number; pastRevenue: number }[];
  predictDays: number;
  /** Predicted vs actual mean holdout purchases per calibration frequency (with observationEnd). */
  holdout: { frequency: string; customers: number; predicted: number; actual: number }[];
  holdoutMae: number | null;
  /** With `holdoutDays`: the model check; null otherwise. */
  holdoutCheck: HoldoutCheck | null;
  warnings: Warning[];
  /** `Clv.fromSummary` only: rows that could not be used, with their lines. */
  rejected?: RejectedRow[];
  /** Per customer (index = customer index; NaN = no purchase up to calibrationEnd). BTYD names:
   *  frequency = repeat purchase days, recency = first → last purchase, T = first purchase → end. */
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  monetaryValue: Float64Array;
  pAlive: Float64Array;
  /** Expected purchases in the next `predictDays`. */
  expectedPurchases: Float64Array;
  expectedOrderValue: Float64Array;
  clv: Float64Array;
  churnRisk: Float64Array;
}
