//! The delivery worker (ACC-154): runs [`crate::deliver_due`] on a wake-up or every few
//! seconds, for as long as the process lives.

use crate::{Mailer, deliver_due};
use db::Db;
use kernel::Clock;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// The wait between passes when nobody wakes the worker.
pub const DEFAULT_TICK: Duration = Duration::from_secs(5);

/// A delivery loop. Code that enqueues mail calls `wake.notify_one()` after its commit so
/// the message leaves at once; the tick covers other servers' mail, retries and lost
/// wake-ups. Stop it by aborting the task: a message interrupted mid-send is sent again
/// after its lease (at-least-once).
pub struct Worker {
    db: Db,
    mailer: Mailer,
    clock: Arc<dyn Clock>,
    wake: Arc<Notify>,
    tick: Duration,
}

impl Worker {
    pub fn new(db: Db, mailer: Mailer, clock: Arc<dyn Clock>, wake: Arc<Notify>) -> Worker {
        Worker {
            db,
            mailer,
            clock,
            wake,
            tick: DEFAULT_TICK,
        }
    }

    /// Changes the wait between passes (default [`DEFAULT_TICK`]).
    pub fn with_tick(mut self, tick: Duration) -> Worker {
        self.tick = tick;
        self
    }

    /// Runs passes forever.
    pub async fn run(self) {
        tracing::info!(mailer = %self.mailer.describe(), "mail worker started");
        loop {
            match deliver_due(&self.db, &self.mailer, self.clock.now()).await {
                Ok(report) => {
                    if report.claimed > 0 {
                        tracing::debug!(?report, "mail outbox pass");
                    }
                    if report.more {
                        continue;
                    }
                }
                Err(e) => tracing::warn!(error = %e, "mail outbox pass failed"),
            }
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(self.tick) => {}
            }
        }
    }

    pub fn spawn(self) -> JoinHandle<()> {
        tokio::spawn(self.run())
    }
}

/// Starts a [`Worker`] with the default tick on the current tokio runtime.
pub fn spawn_worker(
    db: Db,
    mailer: Mailer,
    clock: Arc<dyn Clock>,
    wake: Arc<Notify>,
) -> JoinHandle<()> {
    Worker::new(db, mailer, clock, wake).spawn()
}
