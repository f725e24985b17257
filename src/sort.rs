//! Sorting through one comparator type per element type. The analyses sort in some forty places,
//! each with its own closure, and the standard sort is instantiated once per closure type — each
//! copy several kilobytes of wasm. These helpers pass the comparator as `dyn FnMut`, so every call
//! site with the same element type shares one copy; the results are those of the standard sort
//! with the same comparator (stable or not, as named). Hot loops keep `slice::sort_*` inline.

use std::cmp::Ordering;

/// As `slice::sort_by` (stable).
#[inline]
pub fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    stable(v, &mut compare)
}

/// As `slice::sort_by_key` (stable; the key is computed at each comparison, as there).
#[inline]
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    stable(v, &mut |a: &T, b: &T| key(a).cmp(&key(b)))
}

/// As `slice::sort_unstable_by`.
#[inline]
pub fn sort_unstable_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    unstable(v, &mut compare)
}

#[inline(never)]
fn stable<T>(v: &mut [T], compare: &mut dyn FnMut(&T, &T) -> Ordering) {
    v.sort_by(|a, b| compare(a, b))
}

#[inline(never)]
fn unstable<T>(v: &mut [T], compare: &mut dyn FnMut(&T, &T) -> Ordering) {
    v.sort_unstable_by(|a, b| compare(a, b))
}

#[cfg(test)]
mod tests {
    /// Stable: equal keys keep their order; the same result as the standard sorts.
    #[test]
    fn same_as_the_standard_sorts() {
        let v: Vec<(u32, u32)> = (0..500u32).map(|i| ((i * 7919) % 13, i)).collect();
        let (mut a, mut b) = (v.clone(), v.clone());
        super::sort_by_key(&mut a, |x| x.0);
        b.sort_by_key(|x| x.0);
        assert_eq!(a, b);
        assert!(a.windows(2).all(|w| w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1)));
        let (mut c, mut d) = (v.clone(), v);
        super::sort_unstable_by(&mut c, |x, y| y.cmp(x));
        d.sort_unstable_by(|x, y| y.cmp(x));
        assert_eq!(c, d);
    }
}
