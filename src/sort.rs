//! A stable sort with one compiled body for every element type and comparator.
//!
//! Why: `slice::sort_by` is compiled anew for each element type and comparator (about 3.5 KB
//! of wasm each, ~28 KB for the core's sorts). Here only the small generic shell is per type;
//! the merge sort runs once, on indices, through a `dyn` comparator. Same result as
//! `sort_by` (stable: equal elements keep their order); O(n log n) time, O(n) extra memory.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`, as `v.sort_by(cmp)` does.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let items: &[T] = v;
        order(v.len(), &mut |a, b| cmp(&items[a], &items[b]))
    };
    permute(v, order);
}

/// Sorts `v` stably by `key`, as `v.sort_by_key(key)` does.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)))
}

/// The indices `0..n` in stable sorted order (bottom-up merge sort).
fn order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut b = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut i = 0;
        while i < n {
            let mid = i.saturating_add(width).min(n);
            let end = i.saturating_add(width.saturating_mul(2)).min(n);
            let (mut l, mut r) = (i, mid);
            for slot in &mut b[i..end] {
                // Right only when strictly less: equal elements keep their order.
                if r < end && (l >= mid || cmp(a[r], a[l]) == Ordering::Less) {
                    *slot = a[r];
                    r += 1;
                } else {
                    *slot = a[l];
                    l += 1;
                }
            }
            i = end;
        }
        std::mem::swap(&mut a, &mut b);
        width = width.saturating_mul(2);
    }
    a
}

/// Rearranges `v` so that position `k` holds what was at `order[k]` (a permutation).
fn permute<T>(v: &mut [T], order: Vec<usize>) {
    // to[i]: where the element now at i goes.
    let mut to = vec![0; order.len()];
    for (k, &i) in order.iter().enumerate() {
        to[i] = k;
    }
    for i in 0..v.len() {
        while to[i] != i {
            let j = to[i];
            v.swap(i, j);
            to.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn small_cases_match_the_standard_stable_sort() {
        let cases: &[&[(u8, u8)]] = &[
            &[],
            &[(1, 0)],
            &[(2, 0), (1, 1)],
            &[(1, 0), (1, 1), (0, 2), (1, 3), (0, 4)],
            &[(3, 0), (2, 1), (1, 2), (0, 3), (3, 4), (2, 5), (1, 6)],
        ];
        for case in cases {
            let mut got = case.to_vec();
            let mut want = case.to_vec();
            sort_by_key(&mut got, |p| p.0);
            want.sort_by_key(|p| p.0);
            assert_eq!(got, want, "{case:?}");
        }
    }

    proptest! {
        // Pairs (key, original position): equal keys must keep their order.
        #[test]
        fn sorts_like_the_standard_stable_sort(keys in proptest::collection::vec(0u8..8, 0..200)) {
            let items: Vec<(u8, usize)> = keys.iter().copied().zip(0..).collect();
            let mut got = items.clone();
            let mut want = items;
            sort_by(&mut got, |a, b| b.0.cmp(&a.0));
            want.sort_by_key(|p| std::cmp::Reverse(p.0));
            prop_assert_eq!(got, want);
        }
    }
}
