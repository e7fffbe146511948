//! [`Memo`]: each key's value computed once per run, however many tasks ask for it and
//! however concurrently. The first to ask for a key runs its look-up; the others wait for
//! that same look-up (one `tokio::sync::OnceCell` per key) rather than starting their own.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::OnceCell;

/// Values by key, each computed once.
pub struct Memo<K, V> {
    cells: Mutex<HashMap<K, Arc<OnceCell<V>>>>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Self { cells: Mutex::new(HashMap::new()) }
    }
}

impl<K: Eq + Hash + Clone, V: Clone> Memo<K, V> {
    /// The value of `key`: computed by `compute` the first time any caller asks, the same
    /// value for every caller after (and for those that asked while it was computed).
    pub async fn get_or_compute<F, Fut>(&self, key: &K, compute: F) -> V
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = V>,
    {
        let cell = {
            let mut cells = self.cells.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(cells.entry(key.clone()).or_default())
        };
        cell.get_or_init(compute).await.clone()
    }

    /// How many distinct keys were asked for.
    pub fn len(&self) -> usize {
        self.cells.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    /// Whether no key was asked for.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_askers_share_one_computation_per_key() {
        let memo: Arc<Memo<u32, u32>> = Arc::default();
        let runs = Arc::new(AtomicUsize::new(0));
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..300_u32 {
            let (memo, runs) = (Arc::clone(&memo), Arc::clone(&runs));
            tasks.spawn(async move {
                let key = i % 3;
                memo.get_or_compute(&key, || async {
                    runs.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                    key * 10
                })
                .await
                    == key * 10
            });
        }
        while let Some(answer) = tasks.join_next().await {
            assert!(answer.expect("task ran"));
        }
        assert_eq!(runs.load(Ordering::SeqCst), 3);
        assert_eq!(memo.len(), 3);
    }
}
