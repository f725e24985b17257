/** A file's bytes: a `Uint8Array` (a Node `Buffer` is one), an `ArrayBuffer` or a `DataView`.
 *  Anything else (a string, an Array, another typed array) throws `INVALID_ARGUMENT`. */
export type Bytes = Uint8Array | ArrayBuffer | DataView;

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
  /** How `a/b/YYYY` dates are ordered: 'mdy' (12/1/2010 = 1 December), 'dmy' (1/12/2010 =
   *  1 December) or 'ymd' (year-first dates only). Default: the layout's, else decided from the
   *  data (a part over 12), else 'mdy' with the `date_order_ambiguous` warning. */
  dateOrder?: 'ymd' | 'mdy' | 'dmy';
  /** ISO 4217 code of the amounts (e.g. 'USD'), reported as `summary().source.currency`. Default:
   *  the layout's, a currency column's, else the amounts' sign (¥ 円 → JPY, $ → USD, € → EUR,
   *  £ → GBP), else '' (not stated). Set it for $ amounts that are not US dollars. */
  currency?: string;
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
  /** Which table the file is: 'orders' (default), 'customers' (`addCustomers`),
   *  'customerSummary' (`Clv.fromSummary`) or 'messages' (`addMessages`). Decides the fields and
   *  `columns` keys. */
  table?: 'orders' | 'customers' | 'customerSummary' | 'messages';
  encoding?: 'auto' | 'utf-8' | 'shift_jis';
  delimiter?: 'auto' | ',' | '\t' | ';' | '|';
  /** The mapping to try (as in `fromCsv`); omitted fields are auto-detected. */
  columns?: ColumnNames | CustomerColumns | SummaryColumns | MessageColumns;
  /** Data rows to return, 0 … 1000 (default 10). */
  rows?: number;
  /** The bytes are the start of a longer file: a partial last line is ignored. */
  truncated?: boolean;
  /** As in `fromCsv` (orders only): the preview rows' `date` and verdicts follow it. */
  dateOrder?: 'ymd' | 'mdy' | 'dmy';
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
  /** Orders: the order date as the load reads it (YYYY-MM-DD); absent when the row has none that
   *  reads, and for other tables. */
  date?: string;
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
  table: 'orders' | 'customers' | 'customerSummary' | 'messages';
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
  /** Orders: how `a/b/YYYY` dates are read (as the `dateOrder` option or decided from the
   *  sample); null for other tables and while a required column is missing. */
  dateOrder: 'ymd' | 'mdy' | 'dmy' | null;
  /** Orders: the currency a load would report, as far as the sample says (layout, currency
   *  column, the amounts' sign); null when nothing says. */
  currency: string | null;
}

/** Tables of `Dataset.fromSummaries` (warehouse mode): each the CSV output of its `sql/` template,
 *  as bytes or a `CsvReader`. So far `customers` (sql/customers.*.sql); cohorts, co-occurrence and
 *  products are still to come (naming one is INVALID_OPTION). */
export interface SummaryTables {
  customers: Bytes | CsvReader;
}

/** `SummaryDataset.summary()`: what was read, and the totals of the customers table. */
export interface SummaryTotals {
  rows: number;
  rowsAccepted: number;
  rowsRejected: number;
  rejected: RejectedRow[];
  /** Customers in the table (with or without a purchase). */
  customers: number;
  /** Customers with a purchase (purchases ≥ 1). */
  purchasers: number;
  /** Σ monetary: net revenue, returns subtracted. */
  revenue: number;
  /** The table's as_of (last purchase + recency of every purchaser): the day after the last order. */
  asOf: string;
}

/** Options of `Dataset.synthetic`. */
export interface SyntheticOptions {
  /** Number of customers (1 … 2,000,000; default 1,000). About 8 order lines per customer. */
  customers?: number;
  /** Seed of the deterministic generator (default 1). Same options → identical data. */
  seed?: number;
  /** Catalogue size (default: customers / 60, clamped to 60 … 2,000). */
  products?: number;
  /** `Dataset.synthetic` only: also add the synthetic message log (planted campaign effects). */
  messages?: boolean;
  /** Plant consumables with known reorder intervals (30 / 45 / 60 days) and entry products of known
   *  quality (a trial set of regular customers, a sale item of one-time buyers); off by default. */
  consumables?: boolean;
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
  /** Columns of personal data found, and what was done with each (never kept unless mapped). */
  pii: PiiColumn[];
}

/** A column of personal data (by its header, or by ≥ 80 % of its first 200 values). */
export interface PiiColumn {
  header: string;
  kind: 'email' | 'phone' | 'name' | 'address' | 'postalCode' | 'cardNumber';
  detectedBy: 'header' | 'values';
  /** 'dropped': not read; 'hashed': read only as a keyed hash (a guest's e-mail or phone as its
   *  customer key); 'kept': mapped by you to a field that keeps it (e.g. customerId). */
  handling: 'dropped' | 'hashed' | 'kept';
  field?: string;
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
    | 'INVALID_ROW' | 'INVALID_OPTION' | 'INVALID_ARGUMENT' | 'NO_VALID_ROWS' | 'TOO_LARGE' | 'INSUFFICIENT_DATA'
    | 'NOT_CONVERGED' | 'INTERNAL' | 'USED_UP' | 'REENTRANT_CALL';
  /** The error's facts by name, to word it in another language: NOT_CSV `format` ('xlsx' |
   *  'xls' | 'pdf' | 'gzip' | 'image' | 'utf32' | 'binary'); ENCODING `encoding`, `line`;
   *  MISSING_COLUMN `field` (a `columns` key) and `headers`; UNKNOWN_COLUMN `field`, `name`;
   *  NO_VALID_ROWS `rows`; TOO_LARGE `limit`; NOT_CONVERGED `model`. Empty for the others. */
  params?: Record<string, string>;
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
  /** The rule: inclusive score ranges [low, high] (R, F, M on the bins scale; FM, the rounded
   *  mean of F and M, on 1–5). null for 'other'. */
  rule: { r: [number, number]; f: [number, number]; m: [number, number]; fm: [number, number] } | null;
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

/**
 * Selector of `ds.members()` / `ds.membersCsv()` (drill to list): the `kind` of cell and its
 * fields, plus the options of the analyses it is in (as used for the table the cell is in).
 */
export interface MembersSelector {
  kind: 'rfmSegment' | 'decile' | 'cpmGroup' | 'cohortCell' | 'crosstabCell' | 'riskBand' | 'aliveBand';
  /** rfmSegment: segment key ('at_risk') or display name, or a list. */
  segment?: string | string[];
  /** decile: 1–10, or a list. */
  decile?: number | number[];
  /** cpmGroup: group key(s) or name(s); cohortCell with cohorts.groupBy: the group's name. */
  group?: CpmGroupKey | string | (CpmGroupKey | string)[];
  /** cohortCell: the cohort's label ('2024-03', '2024-Q1', a week's first day). */
  cohort?: string;
  /** cohortCell: periods after the cohort's (0 = its first period). */
  period?: number;
  /** crosstabCell: the row and column labels, as in the crosstab result. */
  row?: string;
  col?: string;
  /** riskBand: 'low' | 'medium' | 'high' (clv().riskBands); aliveBand: 'active' | 'at_risk' | 'lapsed'. */
  band?: string | string[];
  /** asOf of rfm, cpm and deciles (each may set its own). */
  asOf?: string;
  rfm?: RfmOptions;
  cpm?: CpmOptions;
  deciles?: DecileOptions;
  cohorts?: CohortOptions;
  /** crosstabCell: the crosstab's options (rows, cols, …). */
  crosstab?: CrosstabOptions;
  clv?: ClvOptions;
  /** Fit CLV for the clv / pAlive columns (default true; the band kinds always do). */
  includeClv?: boolean;
  /** Customers returned with their metrics in `customers` (default 500); `customerIds` has all. */
  limit?: number;
}

/** One customer of a `members()` list. */
export interface MemberRow {
  customerId: string;
  /** Customer index, as in `customerIds()` and the per-customer arrays. */
  index: number;
  rfmSegment: string;
  recencyDays: number | null;
  frequency: number;
  monetary: number;
  firstPurchase: string | null;
  lastPurchase: string | null;
  cpmGroup: string;
  decile: number | null;
  clv: number | null;
  pAlive: number | null;
}

/** Result of `ds.members()`. */
export interface MembersResult {
  kind: MembersSelector['kind'];
  count: number;
  /** The RFM asOf the metrics are computed at. */
  asOf: string;
  /** Every selected customer's id (pseudonymised when the Dataset is), highest monetary first. */
  customerIds: string[];
  /** The first `limit` customers with their metrics. */
  customers: MemberRow[];
  warnings: Warning[];
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
  /** Columns of personal data found; unmapped ones were dropped, not made attributes. */
  pii: PiiColumn[];
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
  /** Limit the number of period columns (1 … 110000). A matrix over 5M cells in all is TOO_LARGE. */
  maxPeriods?: number;
  /** One matrix per group: entry product / category (largest line of the first order), an attribute
   *  from addCustomers, or the RFM segment. */
  groupBy?: 'firstProduct' | 'firstCategory' | 'rfmSegment' | string;
  /** Largest groups kept, 1 … 1000 (default 20); the rest are pooled as 'other'. */
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
  /** What counts as one basket: 'customer' (bought both, ever; default) or 'order' (same cart); 'next'
   *  (recommend and evaluate only; blend's default): P(b in the next order | a in this one), from the
   *  customer's latest order. */
  basket?: 'customer' | 'order' | 'next';
  /** Items per customer (default 10). */
  k?: number;
  /** Do not recommend what the customer already bought (default true for 'itemItem', false for the
   *  repurchase strategies). */
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
  /** 'itemItem' (default): similar to what the customer bought; 'repurchase': the customer's own
   *  items by time-decayed purchase count and reorder cycle; 'blend': blendWeight × repurchase +
   *  (1 − blendWeight) × item-item, each scaled to the customer's best (docs/products.md §6). */
  strategy?: 'itemItem' | 'repurchase' | 'blend';
  /** Share of the repurchase score in 'blend' (0 … 1, default 0.8). */
  blendWeight?: number;
  /** Repurchase scores use each item's median reorder interval (default true). */
  intervalAware?: boolean;
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
  basket?: 'customer' | 'order';
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
  /** 'itemItem' (default): similar to what the customer bought; 'repurchase': the customer's own
   *  items by time-decayed purchase count and reorder cycle; 'blend': blendWeight × repurchase +
   *  (1 − blendWeight) × item-item, each scaled to the customer's best (docs/products.md §6). */
  strategy?: 'itemItem' | 'repurchase' | 'blend';
  /** Share of the repurchase score in 'blend' (0 … 1, default 0.8). */
  blendWeight?: number;
  /** Repurchase scores use each item's median reorder interval (default true). */
  intervalAware?: boolean;
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
  strategy: 'itemItem' | 'repurchase' | 'blend';
  customersEvaluated: number;
  model: RecommendationMetrics;
  popularity: RecommendationMetrics;
  /** The repurchase baseline; null with excludePurchased (bought items are never relevant then). */
  repurchase: RecommendationMetrics | null;
}

/** Options of `ds.clv()`. */
export interface ClvOptions {
  /** Last day of the calibration (fitting) period, inclusive (default: the last order date). */
  calibrationEnd?: string;
  /** With it, purchases in (calibrationEnd, observationEnd] are the holdout for validation. */
  observationEnd?: string;
  /** Time unit of frequency/recency/T and the model (default 'week' = days / 7, as in FHL 2005). */
  unit?: 'day' | 'week';
  /** CLV horizon in days, 1 … 3650 (default 360 = 12 months of 30 days). */
  horizonDays?: number;
  /** Monthly discount rate (default 0.01). */
  discountRate?: number;
  /** L2 penalty on the parameters, as lifetimes' penalizer_coef, 0 … 100 (default 0). */
  penalizer?: number;
  /** Fit below the data-sufficiency limits (500 customers, 180 days of history). */
  allowSmallData?: boolean;
  /** Horizon of `expectedPurchases` in days, 1 … 3650 (default 90). */
  predictDays?: number;
  /** P(alive) cut-offs [lapsed below, active from] for `aliveBands` (default [0.5, 0.8]). */
  aliveThresholds?: [number, number];
  /** Model check: also refit with the last `holdoutDays` days held out and compare predicted with
   *  actual purchases in them (`holdoutCheck`), 1 … 110000. Not with `observationEnd`. */
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
  /** BG/NBD log-likelihood evaluations of the fit (Nelder–Mead on a sample above 20,000 customers, then BFGS steps, each with its gradient). */
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

// ---------- campaigns (docs/campaigns.md) ----------

/** Header names for the fields of a message log (`addMessages`); `false` leaves a field out. */
export interface MessageColumns {
  customerId?: string | false;
  email?: string | false;
  campaign?: string | false;
  messageId?: string | false;
  channel?: string | false;
  variant?: string | false;
  subject?: string | false;
  step?: string | false;
  /** The event type of an event log (one row per event). */
  event?: string | false;
  eventAt?: string | false;
  sentAt?: string | false;
  openedAt?: string | false;
  clickedAt?: string | false;
  delivered?: string | false;
  bounced?: string | false;
  unsubscribed?: string | false;
  spam?: string | false;
  blocked?: string | false;
  /** A control-group flag (customers deliberately not sent). */
  control?: string | false;
}

/** Options of `ds.addMessages()`. */
export interface AddMessagesOptions {
  encoding?: 'auto' | 'utf-8' | 'shift_jis';
  delimiter?: 'auto' | ',' | '\t' | ';' | '|';
  columns?: MessageColumns;
  onInvalidRow?: 'skip' | 'error';
  /** The zone Unix times and zoned times are shown in ('+09:00', '-05:00', 'Z'); default +09:00
   *  for an order history in yen (or of unknown currency), else UTC. */
  utcOffset?: string;
  /** The channel of rows without one: 'email' (default), 'line', 'sms', 'push', 'dm'. */
  channel?: string;
  /** The campaign of rows without one (a file per send). */
  campaign?: string;
}

export interface AddMessagesReport {
  /** Data rows read = rowsAccepted + rowsRejected. */
  rows: number;
  rowsAccepted: number;
  rowsRejected: number;
  rejected: RejectedRow[];
  /** The layout recognised ('sendgrid-activity', 'braze-currents', …) or 'generic'. */
  format: string;
  /** 'messages': one row per message; 'events': one row per event. */
  mode: 'messages' | 'events';
  encoding: string;
  columns: ColumnMatch[];
  unmappedHeaders: string[];
  /** Messages sent (control rows not counted). */
  messages: number;
  /** Distinct recipients of the messages sent. */
  recipients: number;
  /** Recipients that are customers of the order history. */
  matched: number;
  unmatched: number;
  /** Of `matched`: recipients keyed by e-mail, joined to a member through the order file's e-mail column. */
  matchedByEmail: number;
  campaigns: number;
  /** Scenario campaigns (ステップメール): two or more steps, or (without a step column) a recipient sent one more than once; in the order they started. */
  stepCampaigns: string[];
  channels: string[];
  /** Messages with each outcome (a click counts as opened). */
  delivered: number;
  opened: number;
  clicked: number;
  bounced: number;
  unsubscribed: number;
  spam: number;
  blocked: number;
  /** Control-group rows. */
  control: number;
  /** Event types not used, with their counts. */
  ignoredEvents: Record<string, number>;
  firstSent: string;
  lastSent: string;
  /** The offset Unix and zoned times were shown in. */
  utcOffset: string;
  warnings: Warning[];
}

/** A rate with its Wilson 95 % interval; NaN when the log cannot tell it (LINE opens). */
export interface Rate {
  value: number;
  low: number;
  high: number;
}

/** A `groupBy` dimension: a message's own or the customer's (as of the campaign's start). */
export type CampaignDimension =
  | 'campaign' | 'channel' | 'variant' | 'subject' | 'sendHour' | 'weekday'
  | 'rfmSegment' | 'cpmGroup' | 'decile' | (string & {});

/** Options of `ds.campaigns()`. */
export interface CampaignsOptions {
  /** What starts the attribution window: 'send' (default), 'open' or 'click'. */
  attribution?: 'send' | 'open' | 'click';
  /** Window length in days, 1 … 90 (default 5). */
  attributionDays?: number;
  /** Up to 4 dimensions (default 'campaign'). */
  groupBy?: CampaignDimension | CampaignDimension[];
  /** Only these campaigns (names in the log). */
  campaigns?: string | string[];
  rfm?: RfmOptions;
  cpm?: CpmOptions;
}

export interface CampaignRow {
  /** One label per `groupBy` dimension ('' = none, e.g. no variant). */
  group: string[];
  recipients: number;
  delivered: number;
  opened: number;
  clicked: number;
  /** Recipients with a purchase credited by last touch. */
  converted: number;
  orders: number;
  revenue: number;
  bounced: number;
  unsubscribed: number;
  blocked: number;
  spam: number;
  /** Control-group customers of the group (not in the other counts). */
  control: number;
  openRate: Rate;
  /** CTR = clicked ÷ delivered. */
  clickRate: Rate;
  /** CTOR = clicked ÷ opened. */
  clickToOpenRate: Rate;
  conversionRate: Rate;
  revenuePerRecipient: number;
  bounceRate: Rate;
  unsubscribeRate: Rate;
  blockRate: Rate;
  spamRate: Rate;
  firstSent: string;
  lastSent: string;
}

export interface CampaignsResult {
  attribution: 'send' | 'open' | 'click';
  attributionDays: number;
  groupBy: string[];
  rows: CampaignRow[];
  total: CampaignRow;
  warnings: Warning[];
}

/** Options of `ds.compareVariants()`. */
export interface CompareVariantsOptions {
  /** The campaign (or several, pooled by variant name). */
  campaign: string | string[];
  /** The arm to compare with: a variant name or 'control'; default the control group, else the first variant. */
  baseline?: string;
  /** The metric the verdict leads with (default 'conversion'). */
  metric?: 'open' | 'click' | 'conversion' | 'revenue';
  attributionDays?: number;
  /** A customer dimension: the conversion comparison within each of its groups too (uplift by segment). */
  by?: string;
  rfm?: RfmOptions;
  cpm?: CpmOptions;
}

/** Two proportions compared: pooled z-test (two-sided) and 95 % intervals of the difference. */
export interface TwoProportions {
  rate: number;
  baselineRate: number;
  diff: number;
  lift: number;
  z: number;
  pValue: number;
  waldLow: number;
  waldHigh: number;
  newcombeLow: number;
  newcombeHigh: number;
}

export interface CampaignArm {
  /** The variant ('' for sends without one) or 'control'. */
  name: string;
  control: boolean;
  recipients: number;
  delivered: number;
  opened: number;
  clicked: number;
  /** Units whose customer bought in the window after the send (as sent, not last touch). */
  converted: number;
  revenue: number;
  openRate: Rate;
  clickRate: Rate;
  conversionRate: Rate;
  revenuePerRecipient: number;
}

export interface RateComparison extends TwoProportions {
  arm: string;
  baseline: string;
  metric: 'open' | 'click' | 'conversion';
  /** Holm-adjusted over every test of the result. */
  pAdjusted: number;
  significant: boolean;
}

export interface RevenueComparison {
  arm: string;
  baseline: string;
  /** Welch's t-test of revenue per recipient. */
  mean: number;
  baselineMean: number;
  diff: number;
  t: number;
  df: number;
  pValue: number;
  low: number;
  high: number;
  pAdjusted: number;
  significant: boolean;
}

export interface Verdict {
  ja: string;
  en: string;
}

export interface CompareVariantsResult {
  campaigns: string[];
  baseline: string;
  metric: 'open' | 'click' | 'conversion' | 'revenue';
  attributionDays: number;
  arms: CampaignArm[];
  rates: RateComparison[];
  revenue: RevenueComparison[];
  /** (rate of the arm − of the baseline) × the arm's recipients; revenue likewise. */
  incremental: { arm: string; conversions: number; revenue: number }[];
  verdicts: Verdict[];
  /** The `by` dimension ('' without it). */
  by: string;
  byGroup: { group: string; arms: CampaignArm[]; rates: RateComparison[] }[];
  warnings: Warning[];
}

/** Options of `ds.campaignFactors()`. */
export interface CampaignFactorsOptions {
  campaigns?: string | string[];
  metric?: 'open' | 'click' | 'conversion';
  attribution?: 'send' | 'open' | 'click';
  attributionDays?: number;
  /** Up to 4 factors (default ['variant', 'sendHour', 'rfmSegment']); sendHour in bands. */
  factors?: string[];
  rfm?: RfmOptions;
  cpm?: CpmOptions;
}

/** A 2×2 table: a = exposed with the outcome, b = exposed without, c / d = the reference level. */
export interface Stratum {
  a: number;
  b: number;
  c: number;
  d: number;
}

/** Mantel–Haenszel estimates over strata (one stratum = the crude table). */
export interface MantelHaenszel {
  oddsRatio: number;
  oddsRatioLow: number;
  oddsRatioHigh: number;
  riskRatio: number;
  riskDifference: number;
  riskDifferenceLow: number;
  riskDifferenceHigh: number;
  /** Cochran–Mantel–Haenszel χ² (no continuity correction) and its p-value. */
  chi2: number;
  pValue: number;
  strata: number;
}

export interface FactorEffect {
  factor: string;
  level: string;
  reference: string;
  exposed: number;
  exposedRate: Rate;
  referenceUnits: number;
  referenceRate: Rate;
  crude: MantelHaenszel;
  adjusted: MantelHaenszel;
  /** The stratified effect is significant (p < 0.05). */
  survives: boolean;
  /** Significant crude, not once the other factors are held fixed. */
  explainedByOthers: boolean;
  /** Crude and stratified effects point in opposite directions. */
  simpson: boolean;
  strata: { labels: string[]; exposed: number; exposedRate: number; reference: number; referenceRate: number; table: Stratum }[];
}

export interface CampaignFactorsResult {
  metric: 'open' | 'click' | 'conversion';
  factors: string[];
  units: number;
  effects: FactorEffect[];
  summary: { factor: string; survives: boolean; strongestLevel: string; riskDifference: number }[];
  verdict: Verdict;
  warnings: Warning[];
}

/** Options of `ds.sendTimes()`. */
export interface SendTimesOptions {
  campaigns?: string | string[];
  attribution?: 'send' | 'open' | 'click';
  attributionDays?: number;
  /** Cells with fewer units are marked sparse (default 30). */
  minUnits?: number;
}

export interface SendTimeCell {
  hour: number;
  /** 0 = Monday … 6 = Sunday (7 / hour 24 in the per-hour / per-weekday totals). */
  weekday: number;
  units: number;
  opened: number;
  converted: number;
  openRate: Rate;
  conversionRate: Rate;
  sparse: boolean;
}

export interface SendTimesResult {
  weekdays: string[];
  /** 24 × 7 cells, hour-major: `cells[hour * 7 + weekday]`. */
  cells: SendTimeCell[];
  byHour: SendTimeCell[];
  byWeekday: SendTimeCell[];
  /** Units sent without a time (not in the grid). */
  untimed: number;
  minUnits: number;
}

/** Options of `ds.fatigue()`. */
export interface FatigueOptions {
  campaigns?: string | string[];
  /** Days counted back for "messages received before" (default 30). */
  windowDays?: number;
}

export interface FatigueRow {
  /** '0', '1', …, '5-9', '10+' (messages in the window before), or the channel. */
  label: string;
  messages: number;
  unsubscribed: number;
  blocked: number;
  spam: number;
  unsubscribeRate: Rate;
  blockRate: Rate;
  spamRate: Rate;
}

export interface FatigueResult {
  windowDays: number;
  byRecentMessages: FatigueRow[];
  byChannel: FatigueRow[];
}

/** Options of `ds.stepMails()`. */
export interface StepMailsOptions {
  /** The scenario campaign. */
  campaign: string;
  attribution?: 'send' | 'open' | 'click';
  attributionDays?: number;
  /** A 2nd purchase within this many days of the first counts as F2 (default 90). */
  f2Days?: number;
}

export interface StepMailsResult {
  campaign: string;
  steps: {
    step: string;
    messages: number;
    delivered: number;
    opened: number;
    clicked: number;
    converted: number;
    revenue: number;
    openRate: Rate;
    clickRate: Rate;
    conversionRate: Rate;
    medianDaysAfterFirstPurchase: number;
  }[];
  /** F2 of first-time buyers in the scenario's period: received vs not (observational, not randomised). */
  f2: {
    f2Days: number;
    from: string;
    to: string;
    received: number;
    receivedF2: number;
    receivedRate: Rate;
    notReceived: number;
    notReceivedF2: number;
    notReceivedRate: Rate;
    test: TwoProportions;
  } | null;
  warnings: Warning[];
}

/** The selector of `ds.campaignMembers()`. */
export interface CampaignMembersOptions {
  campaigns?: string | string[];
  status?: 'recipients' | 'delivered' | 'opened' | 'notOpened' | 'clicked' | 'notClicked' | 'converted' | 'notConverted' | 'bounced' | 'unsubscribed' | 'blocked' | 'control';
  attribution?: 'send' | 'open' | 'click';
  attributionDays?: number;
  /** Dimension → label of a `campaigns()` group, e.g. { variant: 'B', rfmSegment: 'champions' }. */
  group?: Record<string, string>;
  rfm?: RfmOptions;
  cpm?: CpmOptions;
}

/** A product or its category (docs/products.md). */
export type ProductAxis = 'product' | 'category';

/** Options of `ds.products()`. */
export interface ProductsOptions {
  by?: ProductAxis;
  /** First day counted, `YYYY-MM-DD` (inclusive). */
  from?: string;
  /** Day after the last one counted (exclusive). */
  to?: string;
  /** Cumulative-share cut-offs of A and B (default [0.7, 0.9]). */
  abc?: [number, number];
}

export interface ProductRow {
  /** Product id, or category. */
  item: string;
  /** Product name ('' for categories). */
  name: string;
  revenue: number;
  units: number;
  orders: number;
  buyers: number;
  /** Buyers with ≥ 2 orders of the item. */
  repeatBuyers: number;
  repeatRate: number;
  share: number;
  cumulativeShare: number;
  /** By the cumulative share before the item: < abc[0] → A, < abc[1] → B, else C. */
  class: 'A' | 'B' | 'C';
}

export interface ProductsResult {
  by: ProductAxis;
  from: string;
  to: string;
  abc: [number, number];
  revenue: number;
  /** By revenue, highest first. */
  items: ProductRow[];
  classes: { class: 'A' | 'B' | 'C'; items: number; revenue: number; share: number }[];
}

/** Options of `ds.seasonality()`. */
export interface SeasonalityOptions {
  by?: ProductAxis;
  /** 'month' (default, with year-over-year change), 'weekday', or 'hour' (files with order times). */
  period?: 'month' | 'weekday' | 'hour';
  /** Items shown, by revenue (default 20); the rest are summed as 'other'. */
  items?: number;
  from?: string;
  to?: string;
}

export interface SeasonalityResult {
  by: ProductAxis;
  period: 'month' | 'weekday' | 'hour';
  items: string[];
  names: string[];
  /** 'YYYY-MM', 'Mon' … 'Sun', or '0' … '23'. */
  periods: string[];
  /** Row-major by item: `revenue[item * periods.length + period]`. */
  revenue: number[];
  units: number[];
  buyers: number[];
  /** Month periods: revenue ÷ the same month a year earlier − 1 (NaN without it); empty otherwise. */
  yoy: number[];
  /** Per period, all items. */
  totalRevenue: number[];
  /** Hour periods: orders without a time. */
  untimed: number;
}

/** Options of `ds.entryProducts()` (入口商品). */
export interface EntryProductsOptions {
  by?: ProductAxis;
  /** Increasing F2 windows in days (default [30, 90, 180]). */
  windows?: number[];
  /** Items with fewer new customers are left out (default 30). */
  minCustomers?: number;
  /** The window whose F2 lower bound ranks the list (default: the middle one). */
  rankWindow?: number;
  asOf?: string;
}

export interface EntryRow {
  item: string;
  name: string;
  newCustomers: number;
  /** Per window: customers fully observed, converted, and the rate with its Wilson interval. */
  f2: { days: number; eligible: number; converted: number; rate: Rate }[];
  /** Mean revenue per customer in the 365 days from the first purchase (NaN when none observed). */
  revenue12m: number;
  revenue12mCustomers: number;
  /** Share of the new customers now in the RFM segments champions or loyal. */
  topSegmentShare: Rate;
}

export interface EntryProductsResult {
  by: ProductAxis;
  asOf: string;
  windows: number[];
  rankWindow: number;
  minCustomers: number;
  newCustomers: number;
  /** First orders with several items (each item counts the customer once). */
  multiItemFirstOrders: number;
  overall: EntryRow;
  items: EntryRow[];
  belowMinimum: number;
}

/** Options of `ds.nextProducts()`. */
export interface NextProductsOptions {
  by?: ProductAxis;
  /** 'first': 1st → 2nd purchase (default); 'any': every consecutive pair. */
  from?: 'first' | 'any';
  /** Transitions seen fewer times are left out (default 3). */
  minCount?: number;
  /** At most this many transitions (default 100). */
  top?: number;
  asOf?: string;
}

export interface Transition {
  from: string;
  fromName: string;
  to: string;
  toName: string;
  count: number;
  fromPairs: number;
  share: number;
  baseRate: number;
  lift: number;
}

export interface NextProductsResult {
  by: ProductAxis;
  from: 'first' | 'any';
  pairs: number;
  transitions: Transition[];
}

/** Options of `ds.replenishment()`. */
export interface ReplenishmentOptions {
  by?: ProductAxis;
  /** Items with fewer intervals get no reorder interval (default 10). */
  minIntervals?: number;
  asOf?: string;
}

export interface IntervalRow {
  item: string;
  name: string;
  buyers: number;
  rebuyers: number;
  rebuyRate: number;
  intervals: number;
  /** Days (numpy linear interpolation). */
  mean: number;
  p25: number;
  median: number;
  p75: number;
  p90: number;
  reorderable: boolean;
}

export interface ReplenishmentResult {
  by: ProductAxis;
  asOf: string;
  minIntervals: number;
  items: IntervalRow[];
}

/** Options of `ds.dueToReorder()` and `ds.dueToReorderCsv()`. */
export interface DueToReorderOptions {
  by?: ProductAxis;
  asOf?: string;
  /** Due in the next N days (default 14) … */
  window?: number;
  /** … or overdue by at most N days (default 14). */
  overdue?: number;
  minIntervals?: number;
  /** Only these product ids (categories with by: 'category'). */
  products?: string | string[];
}

export interface DueRow {
  customerId: string;
  item: string;
  name: string;
  purchases: number;
  lastPurchase: string;
  medianInterval: number;
  due: string;
  /** Negative = overdue. */
  daysUntilDue: number;
}

export interface DueToReorderResult {
  by: ProductAxis;
  asOf: string;
  window: number;
  overdue: number;
  rows: DueRow[];
  customers: number;
}

/** Options of `ds.pseudonymize`. */
export interface PseudonymizeOptions {
  /** Key of the keyed hash, at least 16 characters. Absent: a fresh random salt (returned). */
  salt?: string;
}

export interface PseudonymizeResult {
  /** The salt in use: keep it to re-identify (hash your own ids with it). */
  salt: string;
  scheme: string;
}

/** Options of `ds.auditReport` / `ds.auditReportMarkdown`. */
export interface AuditReportOptions {
  /** SHA-256 of the input file, 64 hex digits: `crypto.subtle.digest('SHA-256', await file.arrayBuffer())`. */
  inputSha256?: string;
}

/** What was read and done, for an auditor (see the README, "Audit report"). */
export interface AuditReport {
  crmkitVersion: string;
  /** ISO time of the report: its only field that changes from one call to the next. */
  generatedAt: string;
  input: { kind: 'csv' | 'synthetic'; bytes: number; sha256: string | null; encoding: string; delimiter: string; format: string; currency: string; amountSource: string };
  columns: ColumnMatch[];
  unmappedHeaders: string[];
  pii: PiiColumn[];
  rows: { read: number; accepted: number; rejected: number; rejectedByReason: [string, number][]; firstRejected: RejectedRow[] };
  exclusions: Summary['exclusions'];
  warnings: Warning[];
  pseudonymized: boolean;
  /** Every load and analysis call on this Dataset, with its options as JSON (salts redacted). */
  analyses: { method: string; options: string; at: string }[];
  network: string;
}
