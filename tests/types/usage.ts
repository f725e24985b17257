// Compile-only check (tsc --noEmit) that the published types are precise, not `any`.
import init, { Dataset, Clv, CsvReader, inspectCsv, type CsvInspection, type Summary, type FromCsvOptions, type CrmkitError, type MonthSummary, type RfmResult, type DecileResult, type CpmResult, type RepeatResult, type CrosstabResult, type AddCustomersReport, type CohortResult, type RecommendResult, type Evaluation, type ClvResult } from 'crmkit';

export async function example(bytes: Uint8Array): Promise<number> {
  await init();
  const options: FromCsvOptions = { encoding: 'shift_jis', columns: { customerId: '会員ID' }, onProgress: (f) => void f };
  const ds = Dataset.fromCsv(bytes, options);
  const summary: Summary = ds.summary();
  const month: MonthSummary | undefined = summary.byMonth[0];
  const aov: number = month ? month.aov : summary.aov;
  const encoding: 'utf-8' | 'utf-8-bom' | 'shift_jis' | 'utf-16le' | 'utf-16be' | '' = summary.source.encoding;
  const csv: Uint8Array = ds.rejectedCsv();
  const sample = Dataset.synthetic({ customers: 100, seed: 1 });
  const rfm: RfmResult = sample.rfm({ method: 'fixed', thresholds: { frequency: [2, 3, 5, 10] }, lang: 'en' });
  const segmentOfFirst: number = rfm.segment[0] ?? 255;
  const names: string[] = sample.customerIds();
  const deciles: DecileResult = sample.deciles({ periodDays: 365 });
  const top: number = deciles.deciles[0]?.cumulativeShare ?? 0;
  const cpm: CpmResult = sample.cpm({ thresholds: { spend: 50000 } });
  const groupOfFirst: number = cpm.group[0] ?? 255;
  const repeat: RepeatResult = sample.repeat({ windows: [30, 90] });
  const f2: number | null = repeat.f2Within[0]?.rate ?? null;
  const report: AddCustomersReport = sample.addCustomers(bytes, { customerId: '会員ID' });
  const table: CrosstabResult = sample.crosstab({ rows: 'ageBand', cols: 'rfmSegment', metric: 'aov' });
  const list: Uint8Array = sample.segmentMembers({ rfmSegment: ['at_risk', 'dormant'], decile: [1, 2] });
  const cohorts: CohortResult = sample.cohorts({ period: 'week', weekStart: 'sunday', metric: 'cumulativeRevenuePerCustomer' });
  const firstCell: number = cohorts.values[0] ?? Number.NaN;
  void firstCell;
  const recs: RecommendResult = sample.recommend({ similarity: 'cosine', basket: 'order', halfLifeDays: 30, excludeItems: ['P00001'] });
  const evaluation: Evaluation = sample.evaluateRecommendations({ holdout: 'time', split: '2025-07-01' });
  const firstItem: number = recs.itemIndex[0] ?? 0;
  const clv: ClvResult = sample.clv({ unit: 'day', horizonDays: 180, allowSmallData: true });
  const alive: number = clv.pAlive[0] ?? Number.NaN;
  const fromSummary = Clv.fromSummary(bytes, { unit: 'day' });
  const firstId: string = fromSummary.customerIds[0] ?? '';
  void clv; void alive; void firstId;
  void evaluation; void firstItem; void sample.similarItems('P00001', 5); void sample.boughtTogether({ minConfidence: 0.2 });
  // The column-mapping step for a customer table, the CLV model check, and a customer table
  // loaded in chunks.
  const customerTable: CsvInspection = inspectCsv(bytes, { table: 'customers', columns: { gender: '性別' } });
  const genderColumn: string | null = customerTable.fields.find((f) => f.field === 'gender')?.column ?? null;
  const checked: ClvResult = sample.clv({ holdoutDays: 180 });
  const checkMae: number | null = checked.holdoutCheck ? checked.holdoutCheck.holdoutMae : null;
  // @ts-expect-error -- holdoutCheck is null without holdoutDays
  void checked.holdoutCheck.days;
  const customerReader = new CsvReader(bytes.length);
  customerReader.push(bytes);
  const joined: AddCustomersReport = sample.addCustomers(customerReader, { asOf: '2025-01-01' });
  const unknownCustomers: number = joined.missing;
  void genderColumn; void checkMae; void unknownCustomers;
  // @ts-expect-error -- crosstab needs rows and cols
  sample.crosstab({ rows: 'gender' });
  void segmentOfFirst; void names; void top; void groupOfFirst; void f2; void report; void table; void list;
  // @ts-expect-error -- methods are a closed union
  sample.rfm({ method: 'kmeans' });
  sample.free();
  ds.free();
  try {
    Dataset.fromCsv(new Uint8Array());
  } catch (e) {
    const err = e as CrmkitError;
    const code: string = err.code;
    void code;
  }
  // @ts-expect-error -- not a supported encoding: the option type is a closed union
  Dataset.fromCsv(bytes, { encoding: 'latin1' });
  const inspection: CsvInspection = inspectCsv(bytes.subarray(0, 1 << 18), { truncated: true, columns: { category: false } });
  const missing: ('customerId' | 'orderDate' | 'amount' | string)[] = inspection.missing;
  const firstCode: string | null = inspection.rows[0]?.code ?? null;
  void missing; void firstCode;
  const reader = new CsvReader(bytes.length);
  reader.push(bytes);
  const chunked: Dataset = reader.finish({ columns: inspection.columns.length ? {} : undefined });
  chunked.free();
  // @ts-expect-error -- `true` is not a column choice (a header name, or false)
  inspectCsv(bytes, { columns: { category: true } });
  // @ts-expect-error -- summary() is typed, so a missing field is an error
  void summary.notAField;
  return aov + csv.length + encoding.length;
}
