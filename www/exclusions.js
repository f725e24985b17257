// What the cart-export rules left out of a load (summary().exclusions), in words. The package
// decides and counts everything (docs/cart-exports.md); this module only picks the counts that
// are not zero and labels them, for the Overview and the mapping step.
import { format, strings } from './state.js';

/**
 * One entry per kind of exclusion with something to say, in the current language:
 * { kind, text, brief, values } — `values` are the package's raw numbers (for data-* attributes).
 */
export function exclusionItems(x) {
  if (!x) return [];
  const S = strings();
  const E = S.excl;
  const F = format();
  const items = [];
  const money = (pairs) => F.list(pairs.map(([label, amount]) => E.amount(label, F.yen(amount))));

  if (x.cancelledOrders > 0) {
    const n = F.int(x.cancelledOrders);
    const amount = F.yen(x.cancelledAmount);
    items.push({
      kind: 'cancelled',
      text: E.cancelled(n, amount),
      brief: E.cancelledBrief(n, amount),
      values: { orders: x.cancelledOrders, lines: x.cancelledLines, amount: x.cancelledAmount },
    });
  }
  // Shipping and fees are revenue only when the load was asked to count them (the flags).
  const amounts = [
    ['shipping', E.shipping, x.shippingAmount, x.shippingInRevenue],
    ['fees', E.fees, x.feesAmount, x.feesInRevenue],
    ['points', E.points, x.pointsAmount, false],
    ['tax', E.tax, x.taxAmount, false],
  ].filter(([, , amount]) => amount !== 0 && Number.isFinite(amount));
  const notCounted = amounts.filter(([, , , counted]) => !counted);
  const counted = amounts.filter(([, , , counted]) => counted);
  const valuesOf = (list) => Object.fromEntries(list.map(([key, , amount]) => [key, amount]));
  if (notCounted.length) {
    const parts = money(notCounted.map(([, label, amount]) => [label, amount]));
    items.push({ kind: 'notRevenue', text: E.notRevenue(parts), brief: E.notRevenueBrief(parts), values: valuesOf(notCounted) });
  }
  if (counted.length) {
    const parts = money(counted.map(([, label, amount]) => [label, amount]));
    items.push({ kind: 'inRevenue', text: E.inRevenue(parts), brief: E.inRevenueBrief(parts), values: valuesOf(counted) });
  }
  if (x.discountAmount !== 0 && Number.isFinite(x.discountAmount)) {
    const amount = F.yen(x.discountAmount);
    items.push({ kind: 'discounts', text: E.discounts(amount), brief: E.discountsBrief(amount), values: { amount: x.discountAmount } });
  }
  if (x.nonProductLines > 0) {
    items.push({ kind: 'nonProduct', text: E.nonProduct(F.int(x.nonProductLines)), brief: '', values: { lines: x.nonProductLines } });
  }
  const guests = x.guestsByEmail + x.guestsByPhone;
  if (guests > 0) {
    const ways = [];
    if (x.guestsByEmail > 0) ways.push(E.byEmail(F.int(x.guestsByEmail)));
    if (x.guestsByPhone > 0) ways.push(E.byPhone(F.int(x.guestsByPhone)));
    items.push({
      kind: 'guests',
      text: E.guests(F.list(ways)),
      brief: E.guestsBrief(F.int(guests)),
      values: { email: x.guestsByEmail, phone: x.guestsByPhone },
    });
  }
  return items;
}

/** The short sentence of the mapping step ('' when nothing was left out). */
export function exclusionsBrief(x) {
  const parts = exclusionItems(x).map((item) => item.brief).filter(Boolean);
  return parts.length ? strings().excl.brief(parts) : '';
}
