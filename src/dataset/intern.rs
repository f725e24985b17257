//! Bytes → dense id, remembering first-seen order: the ids of customers, products, categories
//! and orders at ingest. Keys are slices of already-decoded UTF-8 text, so the kept text is
//! validated once, when it becomes a [`Dictionary`].
//!
//! This is the hottest data structure of ingest (three lookups per order line) and most of its
//! cost is cache and TLB misses on tables of 10^5–10^6 keys. So it is written by hand (tested
//! against a `HashMap` below):
//! - The key bytes live back to back in `text`. The table is open addressing with linear
//!   probing; a slot holds the key's id, where its bytes start, their length and 32 bits of its
//!   hash, so a lookup touches the slot and the key's bytes and nothing else (a general hash map
//!   keyed by the hash took two more misses per new key: the id's entry in `ends`, then the text).
//! - Consecutive rows usually repeat the customer and order id: the last key is compared first.
//! - Order ids ([`Interner::with_runs`]) skip the table altogether in the usual case. Exports list
//!   orders by id or by date, so a new order's id is usually above (or, newest first, below)
//!   every id seen so far in its series (`O…` orders, `R…` returns). Such ids extend a sorted
//!   run instead: no hashing, no random access. See [`Runs`].

use super::{Dictionary, NONE};

/// One slot of the table; `id == NONE` marks an empty slot.
#[derive(Clone, Copy)]
struct Slot {
    tag: u32,
    id: u32,
    start: u32,
    len: u32,
}

const EMPTY: Slot = Slot { tag: 0, id: NONE, start: 0, len: 0 };

/// Most runs kept; an id that fits none of them ends the shortcut.
const MAX_RUNS: usize = 4;

/// Sorted runs of ids kept out of the table. Each run's keys are sorted — in (length, bytes)
/// order, so numeric ids sort as numbers — ascending or descending, and grow at one end only;
/// the runs' key ranges never overlap. A new key outside every range extends the neighbouring
/// run of its series (`O…`, `R…`) whose growing end it follows, or starts a run. A key inside a range is binary-searched in that
/// run, then looked up in the table (which holds only such in-between keys). When in-between
/// keys become common (a file sorted by customer, say), or a fifth run would be needed, every
/// run is moved into the table and the shortcut is off for the rest of the load.
#[derive(Default)]
struct Runs {
    runs: Vec<Run>,
    /// All lookups, and those that landed inside a run's range (to decide when to stop).
    lookups: std::cell::Cell<u32>,
    inside: std::cell::Cell<u32>,
}

#[derive(Default)]
struct Run {
    /// Ids in key order: ascending, or descending when `descending`; the last is the newest.
    ids: Vec<u32>,
    descending: bool,
}

/// The series of an id: its bytes before the first digit (`O` in `O00123`, `#` in `#1001`,
/// nothing for numeric ids). A run holds one series.
fn series(key: &[u8]) -> &[u8] {
    &key[..key.iter().position(u8::is_ascii_digit).unwrap_or(key.len())]
}

/// The order of keys in [`Runs`]: shorter first, then bytes.
fn key_order(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Byte equality, eight bytes at a time. `==` on slices calls `memcmp`, which in wasm is a
/// byte loop behind a call; keys here are short (ids of 5–20 bytes).
#[inline(always)]
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (wa, wb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (wa.remainder(), wb.remainder());
    let word = |c: &[u8]| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
    wa.zip(wb).all(|(x, y)| word(x) == word(y)) && ra.iter().zip(rb).all(|(x, y)| x == y)
}

fn hash_bytes(s: &[u8]) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = crate::hash::FxBuildHasher::default().build_hasher();
    h.write(s);
    h.write_usize(s.len());
    h.finish()
}

/// Where a lookup ended.
#[derive(Clone, Copy)]
pub(crate) enum Probe {
    Found(u32),
    /// Not interned: the table slot to fill.
    Vacant { slot: usize },
    /// Not interned, outside every run: it extends run `i` (`NEW_RUN`: starts one).
    Run(usize),
    /// Not interned, outside every run, and no run can take it: the runs must end.
    Unplaced,
}

const NEW_RUN: usize = usize::MAX;

#[derive(Default)]
pub(crate) struct Interner {
    slots: Vec<Slot>,
    pub(super) text: Vec<u8>,
    ends: Vec<u32>,
    /// Last id returned (compared before anything else).
    pub(super) last: Option<u32>,
    runs: Option<Runs>,
}

impl Interner {
    /// An interner for order ids, with the sorted-run shortcut.
    pub(crate) fn with_runs() -> Self {
        Interner { runs: Some(Runs::default()), ..Default::default() }
    }

    pub(crate) fn key(&self, id: u32) -> &[u8] {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Size the table for about `keys` keys, up front.
    pub(crate) fn reserve(&mut self, keys: usize) {
        let want = (keys.max(8) * 8 / 5).next_power_of_two();
        if want > self.slots.len() {
            self.rehash(want);
        }
    }

    fn rehash(&mut self, size: usize) {
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; size]);
        for entry in old.into_iter().filter(|s| s.id != NONE) {
            let hash = hash_bytes(&self.text[entry.start as usize..(entry.start + entry.len) as usize]);
            self.place(entry, hash);
        }
    }

    /// Put `entry` (whose key hashes to `hash`) in the first free slot of its probe sequence.
    fn place(&mut self, entry: Slot, hash: u64) {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        while self.slots[i].id != NONE {
            i = (i + 1) & mask;
        }
        self.slots[i] = entry;
    }

    /// Where `s` stands against the runs: `Found` in one, `Run`/`Unplaced` outside them all,
    /// or `None` (inside a run's range but not in it: look in the table).
    fn probe_runs(&self, runs: &Runs, s: &[u8]) -> Option<Probe> {
        use std::cmp::Ordering::*;
        runs.lookups.set(runs.lookups.get().saturating_add(1));
        // The nearest run below `s` (greatest max < s) and above it (least min > s).
        // (run index, id of its end next to `s`)
        let mut below: Option<(usize, u32)> = None;
        let mut above: Option<(usize, u32)> = None;
        for (i, run) in runs.runs.iter().enumerate() {
            let (&first, &newest) = (run.ids.first()?, run.ids.last()?);
            let (min, max) = if run.descending { (newest, first) } else { (first, newest) };
            if key_order(s, self.key(max)) == Greater {
                if below.is_none_or(|(_, m)| key_order(self.key(max), self.key(m)) == Greater) {
                    below = Some((i, max));
                }
            } else if key_order(s, self.key(min)) == Less {
                if above.is_none_or(|(_, m)| key_order(self.key(min), self.key(m)) == Less) {
                    above = Some((i, min));
                }
            } else {
                runs.inside.set(runs.inside.get().saturating_add(1));
                let found = if run.descending {
                    run.ids.binary_search_by(|&id| key_order(s, self.key(id)))
                } else {
                    run.ids.binary_search_by(|&id| key_order(self.key(id), s))
                };
                return found.ok().map(|at| Probe::Found(run.ids[at]));
            }
        }
        // Outside every range: extend the neighbouring run of the same series that grows
        // toward `s`, or start a run.
        let takes = |(i, _): (usize, u32), up: bool| {
            let run = &runs.runs[i];
            let newest = run.ids.last().map_or(&b""[..], |&id| self.key(id));
            (run.ids.len() == 1 || run.descending != up) && series(newest) == series(s)
        };
        Some(match (below, above) {
            (Some(b), _) if takes(b, true) => Probe::Run(b.0),
            (_, Some(a)) if takes(a, false) => Probe::Run(a.0),
            _ if runs.runs.len() < MAX_RUNS => Probe::Run(NEW_RUN),
            _ => Probe::Unplaced,
        })
    }

    /// Look `s` up (no insertion).
    #[inline]
    pub(crate) fn probe(&self, s: &[u8]) -> Probe {
        if let Some(last) = self.last {
            if same(self.key(last), s) {
                return Probe::Found(last);
            }
        }
        if let Some(runs) = &self.runs {
            if let Some(probe) = self.probe_runs(runs, s) {
                return probe;
            }
        }
        if self.slots.is_empty() {
            return Probe::Vacant { slot: usize::MAX };
        }
        let hash = hash_bytes(s);
        let tag = (hash >> 32) as u32;
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot.id == NONE {
                return Probe::Vacant { slot: i };
            }
            if slot.tag == tag && slot.len as usize == s.len() && same(&self.text[slot.start as usize..(slot.start + slot.len) as usize], s) {
                return Probe::Found(slot.id);
            }
            i = (i + 1) & mask;
        }
    }

    /// Add `s`, known not to be interned, where [`Interner::probe`] said it goes.
    pub(crate) fn insert(&mut self, s: &[u8], probe: Probe) -> u32 {
        let slot = match probe {
            Probe::Found(id) => return id,
            Probe::Run(i) => {
                if let Some(runs) = self.runs.as_mut() {
                    let id = self.ends.len() as u32;
                    match runs.runs.get_mut(i) {
                        Some(run) => {
                            if run.ids.len() == 1 {
                                // The second key sets the direction.
                                let first = run.ids[0];
                                let start = if first == 0 { 0 } else { self.ends[first as usize - 1] as usize };
                                run.descending = key_order(s, &self.text[start..self.ends[first as usize] as usize]) == std::cmp::Ordering::Less;
                            }
                            run.ids.push(id);
                        }
                        None => runs.runs.push(Run { ids: vec![id], descending: false }),
                    }
                    return self.append(s);
                }
                None
            }
            Probe::Unplaced => {
                self.end_runs();
                None
            }
            Probe::Vacant { slot, .. } => Some(slot),
        };
        let hash = hash_bytes(s);
        let start = self.text.len() as u32;
        let id = self.append(s);
        let entry = Slot { tag: (hash >> 32) as u32, id, start, len: s.len() as u32 };
        // Keep the table at most 5/8 full (linear probing stays short).
        let grow = self.slots.is_empty() || self.table_len() * 8 > self.slots.len() * 5;
        if grow {
            self.rehash((self.slots.len() * 2).max(16));
        }
        match slot {
            Some(i) if !grow && i < self.slots.len() => self.slots[i] = entry,
            _ => self.place(entry, hash),
        }
        self.maybe_end_runs();
        id
    }

    /// Keys in the table (those not in a run).
    fn table_len(&self) -> usize {
        let in_runs: usize = self.runs.as_ref().map_or(0, |r| r.runs.iter().map(|run| run.ids.len()).sum());
        self.ends.len() - in_runs
    }

    /// Stop using the runs when at least 1 in 8 lookups lands inside a run's range (each costs
    /// a binary search).
    fn maybe_end_runs(&mut self) {
        let Some(runs) = &self.runs else { return };
        let (inside, lookups) = (runs.inside.get(), runs.lookups.get());
        if inside >= 1024 && inside >= lookups / 8 {
            self.end_runs();
        }
    }

    /// Move every run's keys into the table; the shortcut is off from now on.
    fn end_runs(&mut self) {
        let Some(runs) = self.runs.take() else { return };
        self.reserve(self.ends.len());
        for id in runs.runs.iter().flat_map(|run| &run.ids).copied() {
            let start = if id == 0 { 0 } else { self.ends[id as usize - 1] };
            let len = self.ends[id as usize] - start;
            let hash = hash_bytes(self.key(id));
            self.place(Slot { tag: (hash >> 32) as u32, id, start, len }, hash);
        }
    }

    fn append(&mut self, s: &[u8]) -> u32 {
        self.text.extend_from_slice(s);
        self.ends.push(self.text.len() as u32);
        let id = (self.ends.len() - 1) as u32;
        self.last = Some(id);
        id
    }

    /// The id of `s`, if interned (no insertion).
    pub(crate) fn find(&self, s: &[u8]) -> Option<u32> {
        match self.probe(s) {
            Probe::Found(id) => Some(id),
            _ => None,
        }
    }

    #[inline]
    pub(crate) fn intern(&mut self, s: &[u8]) -> (u32, bool) {
        match self.probe(s) {
            Probe::Found(id) => {
                self.last = Some(id);
                (id, false)
            }
            vacant => (self.insert(s, vacant), true),
        }
    }

    pub(crate) fn get_lossy(&self, id: u32) -> String {
        String::from_utf8_lossy(self.key(id)).into_owned()
    }

    /// Validate the kept text once. Invalid UTF-8 (possible only when auto-detection sampled a
    /// file whose later part is in another encoding) is replaced per key; returns how many keys.
    pub(crate) fn into_dictionary(self) -> (Dictionary, usize) {
        let (text, ends, invalid) = match String::from_utf8(self.text) {
            Ok(t) => (t, self.ends, 0),
            Err(e) => {
                let bytes = e.into_bytes();
                let mut dict = Dictionary::default();
                let mut invalid = 0;
                let mut start = 0;
                for &end in &self.ends {
                    let key = &bytes[start..end as usize];
                    let s = String::from_utf8_lossy(key);
                    if matches!(s, std::borrow::Cow::Owned(_)) {
                        invalid += 1;
                    }
                    dict.push(&s);
                    start = end as usize;
                }
                (dict.text, dict.ends, invalid)
            }
        };
        let mut dict = Dictionary { text, ends };
        dict.shrink();
        (dict, invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Intern `keys` in both the interner and a `HashMap`; the ids must agree.
    fn check(mut interner: Interner, keys: &[Vec<u8>]) -> Interner {
        let mut reference: HashMap<Vec<u8>, u32> = HashMap::new();
        for k in keys {
            let next = reference.len() as u32;
            let want = *reference.entry(k.clone()).or_insert(next);
            assert_eq!(interner.find(k).is_some(), want != next, "find {:?}", String::from_utf8_lossy(k));
            let (id, new) = interner.intern(k);
            assert_eq!((id, new), (want, want == next), "{:?}", String::from_utf8_lossy(k));
        }
        for (k, &id) in &reference {
            assert_eq!(interner.find(k), Some(id));
            assert_eq!(interner.key(id), k.as_slice());
        }
        assert_eq!(interner.len(), reference.len());
        interner
    }

    fn xorshift(x: &mut u64) -> u64 {
        *x ^= *x << 13;
        *x ^= *x >> 7;
        *x ^= *x << 17;
        *x
    }

    #[test]
    fn same_is_slice_equality() {
        for a in ["", "a", "abcdefgh", "abcdefghi", "顧客ID-0001-XYZ", "abcdefghabcdefgh"] {
            for b in ["", "a", "abcdefgh", "abcdefgi", "abcdefghi", "顧客ID-0001-XYZ", "顧客ID-0001-XYz", "abcdefghabcdefgh"] {
                assert_eq!(same(a.as_bytes(), b.as_bytes()), a == b, "{a} {b}");
            }
        }
    }

    #[test]
    fn agrees_with_a_hash_map() {
        let mut x = 7u64;
        // Random keys with many repeats, short and long (past the 8-byte hash word).
        let keys: Vec<Vec<u8>> = (0..50_000).map(|_| format!("k{}", xorshift(&mut x) % 20_000).repeat(1 + (x % 3) as usize).into_bytes()).collect();
        check(Interner::default(), &keys);
        check(Interner::with_runs(), &keys);
    }

    #[test]
    fn runs_take_sorted_series_and_fall_back_when_they_do_not_fit() {
        // Ascending orders with returns of another prefix, repeated lines, a descending series,
        // and a few ids that reappear later (a split order).
        let mut keys: Vec<Vec<u8>> = Vec::new();
        for i in 0..5000u32 {
            keys.push(format!("{}", 100_000 + i).into_bytes());
            keys.push(format!("{}", 100_000 + i).into_bytes());
            if i % 37 == 0 {
                keys.push(format!("R{i:06}").into_bytes());
            }
            keys.push(format!("Z{:06}", 900_000 - i).into_bytes());
            if i % 101 == 0 && i > 0 {
                keys.push(format!("{}", 100_000 + i / 2).into_bytes());
            }
        }
        let interner = check(Interner::with_runs(), &keys);
        let runs = interner.runs.as_ref().expect("the runs stay on");
        assert_eq!(runs.runs.len(), 3);
        assert!(interner.slots.is_empty(), "no key needed the table");
        // Unsorted ids: the runs end, and every id still resolves.
        let mut x = 3u64;
        let shuffled: Vec<Vec<u8>> = (0..20_000).map(|_| format!("{}", xorshift(&mut x) % 8000).into_bytes()).collect();
        let interner = check(Interner::with_runs(), &shuffled);
        assert!(interner.runs.is_none());
        // Ids that fall between runs (gaps filled later) go to the table and are found again.
        let gaps: Vec<Vec<u8>> = (0..2000).map(|i| format!("{}", if i < 1000 { i * 2 } else { (i - 1000) * 2 + 1 }).into_bytes()).chain((0..2000).map(|i| format!("{i}").into_bytes())).collect();
        check(Interner::with_runs(), &gaps);
    }
}
