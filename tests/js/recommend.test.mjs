// Recommendations through the built package. Expected values: tests/recommend_fixture.rs (by hand).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Dataset } from 'crmkit';

const fixture = (name) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

describe('recommendations', () => {
  const ds = Dataset.fromCsv(fixture('baskets_5.csv'));
  const products = ds.productIds();
  const customers = ds.customerIds();

  it('recommend returns typed rows with popularity flags', () => {
    const r = ds.recommend({ k: 2 });
    assert.ok(r.itemIndex instanceof Uint32Array && r.score instanceof Float64Array && r.rank instanceof Uint16Array);
    const rows = (id) => [...r.customerIndex.keys()].filter((x) => customers[r.customerIndex[x]] === id)
      .map((x) => [products[r.itemIndex[x]], r.popularity[x]]);
    assert.deepEqual(rows('U4'), [['A', 0], ['C', 0]]);
    assert.deepEqual(rows('U2'), [['C', 0], ['D', 1]]);
    assert.deepEqual(rows('U5'), [['A', 1], ['B', 1]]);
  });

  it('similarItems, boughtTogether, evaluation and CSV export', () => {
    assert.deepEqual(ds.similarItems('A', 5).map((x) => x.productId), ['C', 'B']);
    const bt = ds.boughtTogether({ minSupport: 1 });
    assert.equal(bt.orders, 6);
    assert.deepEqual(bt.rules[0], { antecedent: 'A', antecedentName: '', consequent: 'B', consequentName: '', orders: 2, support: 2 / 6, confidence: 2 / 3, lift: 4 / 3 });
    const e = ds.evaluateRecommendations({ k: 2 });
    assert.deepEqual([e.customersEvaluated, e.model.hit, e.model.recall, e.popularity.hit], [1, 1, 1, 1]);
    const csv = new TextDecoder().decode(ds.recommendationsCsv({ k: 1, customers: ['U4'] }));
    assert.equal(csv.trimEnd(), 'customer_id,rank,product_id,product_name,score,source\r\nU4,1,A,,0.5,item-item');
  });

  it('errors name the option', () => {
    assert.throws(() => ds.recommend({ similarity: 'pearson' }), (e) => e.option === 'similarity');
    assert.throws(() => ds.recommend({ customers: ['nobody'] }), (e) => e.option === 'customers');
    assert.throws(() => ds.similarItems('Z'), (e) => e.option === 'productId');
    assert.throws(() => ds.evaluateRecommendations({ holdout: 'time' }), (e) => e.option === 'split');
    assert.throws(() => ds.recommend({ halfLife: 30 }), (e) => e.option === 'recommend.halfLife' && /halfLifeDays/.test(e.message));
  });

  it('item-item beats popularity on synthetic data with planted affinities', () => {
    const shop = Dataset.synthetic({ customers: 5000, seed: 3 });
    const e = shop.evaluateRecommendations({ k: 10 });
    assert.ok(e.model.hit > e.popularity.hit + 0.1, `hit@10 ${e.model.hit} vs popularity ${e.popularity.hit}`);
    shop.free();
  });
});
