//! In-flight request sharing (SIG-51): while one task asks the network for a key (an OCSP
//! CertID, a CRL URL), the others that need the same key wait for that answer instead of
//! asking again. A leader that is dropped before it finishes hands the work to one of the
//! waiters.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::Mutex;
use tokio::sync::watch;

/// The requests in flight, by key.
pub(crate) struct Flights<K, V> {
    running: Mutex<HashMap<K, watch::Receiver<Option<V>>>>,
}

impl<K, V> Default for Flights<K, V> {
    fn default() -> Self {
        Flights {
            running: Mutex::new(HashMap::new()),
        }
    }
}

/// Removes the leader's entry when its work ends or is dropped.
struct Done<'a, K: Eq + Hash, V> {
    flights: &'a Flights<K, V>,
    key: K,
}

impl<K: Eq + Hash, V> Drop for Done<'_, K, V> {
    fn drop(&mut self) {
        self.flights
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.key);
    }
}

enum Role<V> {
    Lead(watch::Sender<Option<V>>),
    Wait(watch::Receiver<Option<V>>),
}

impl<K: Eq + Hash + Clone, V: Clone> Flights<K, V> {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, watch::Receiver<Option<V>>>> {
        self.running.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// True while some task is working on `key`.
    pub(crate) fn is_running(&self, key: &K) -> bool {
        self.lock().contains_key(key)
    }

    /// `work()`'s result for `key`, or the result of the run already in flight for it. The
    /// flag is true when this call waited for another task's run.
    pub(crate) async fn run<F, Fut>(&self, key: K, work: F) -> (V, bool)
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = V>,
    {
        loop {
            let role = {
                let mut running = self.lock();
                match running.get(&key) {
                    Some(rx) => Role::Wait(rx.clone()),
                    None => {
                        let (tx, rx) = watch::channel(None);
                        running.insert(key.clone(), rx);
                        Role::Lead(tx)
                    }
                }
            };
            match role {
                Role::Lead(tx) => {
                    let done = Done {
                        flights: self,
                        key: key.clone(),
                    };
                    let value = work().await;
                    drop(done);
                    // Waiters hold receivers; nobody listening is fine.
                    let _ = tx.send(Some(value.clone()));
                    return (value, false);
                }
                Role::Wait(mut rx) => loop {
                    if let Some(v) = rx.borrow_and_update().clone() {
                        return (v, true);
                    }
                    if rx.changed().await.is_err() {
                        // The leader went away: its value, if it sent one, or run again.
                        if let Some(v) = rx.borrow().clone() {
                            return (v, true);
                        }
                        break;
                    }
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn sig_51_concurrent_runs_of_one_key_share_the_work() {
        let flights: Arc<Flights<&'static str, usize>> = Arc::new(Flights::default());
        let calls = Arc::new(AtomicUsize::new(0));
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let (flights, calls) = (Arc::clone(&flights), Arc::clone(&calls));
            tasks.spawn(async move {
                flights
                    .run("k", || async {
                        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                        calls.fetch_add(1, Ordering::SeqCst) + 41
                    })
                    .await
            });
        }
        let mut shared = 0;
        while let Some(r) = tasks.join_next().await {
            let (v, waited) = r.unwrap();
            assert_eq!(v, 41);
            shared += usize::from(waited);
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(shared, 7);
        assert!(!flights.is_running(&"k"));
        // Once finished, the next run works again.
        let (v, waited) = flights.run("k", || async { 7 }).await;
        assert_eq!((v, waited), (7, false));
    }

    #[tokio::test]
    async fn sig_51_a_dropped_leader_hands_over_to_a_waiter() {
        let flights: Arc<Flights<u8, u8>> = Arc::new(Flights::default());
        let leader = {
            let flights = Arc::clone(&flights);
            tokio::spawn(async move { flights.run(1, std::future::pending::<u8>).await })
        };
        while !flights.is_running(&1) {
            tokio::task::yield_now().await;
        }
        let waiter = {
            let flights = Arc::clone(&flights);
            tokio::spawn(async move { flights.run(1, || async { 9 }).await })
        };
        tokio::task::yield_now().await;
        leader.abort();
        assert_eq!(waiter.await.unwrap(), (9, false));
    }
}
