//! Running one step over many items on all cores, results in input order.
//!
//! Every bulk step (checking files, compiling manifests) goes through [`map`], so the
//! choice of when to use threads lives in one place: rayon for two items or more, the
//! calling thread for one. Starting the thread pool costs more than checking one manifest,
//! and one file is what an editor's save or a pre-commit hook asks for.

use rayon::prelude::*;

/// How many items a bulk step hands to [`map`] at once when it streams (checking files,
/// compiling manifests): enough to keep every core busy, few enough that results flow out,
/// and memory is freed, batch by batch.
pub const BATCH: usize = 256;

/// `f` applied to every item, in parallel when there is more than one; results keep the
/// items' order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    if items.len() > 1 { items.par_iter().map(f).collect() } else { items.iter().map(f).collect() }
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_input_order() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(super::map(&items, |i| i * 2), items.iter().map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(super::map(&[7], |i| i + 1), vec![8]);
        assert!(super::map(&[] as &[u32], |i| *i).is_empty());
    }
}
