//! Group commit of signed acts (SIG-52, SIG-56).
//!
//! Every act ends with a write to the one audit chain (`audit_head`), so acts commit one after
//! the other whatever the number of cores; with a durable commit (an fsync of SQLite's WAL, a
//! WAL flush on PostgreSQL) per act, throughput is capped at one commit time per act and
//! concurrent writers queue on the database lock. Here one writer task per service takes every
//! act waiting at that moment (up to [`MAX_BATCH`]) and commits them together:
//!
//! 1. one write transaction; one allocation of signature ids for the batch;
//! 2. the acts: consume the challenge (SIG-52 (1)), insert the signature (SIG-52 (2)) and,
//!    for [`crate::Signing::complete_with`], run the caller's step that applies the act.
//!    Acts without a step are first done together — one `UPDATE` consuming every challenge,
//!    one multi-row `INSERT` — and if any of them fails (a replay, a CMS seen before, another
//!    session's challenge) the transaction is rolled back and the batch is done again act by
//!    act. Act by act (and always for acts with a step), each act runs in its own `SAVEPOINT`:
//!    a failure rolls back to it, so nothing of that act is stored and that act alone gets
//!    the error; the others go on;
//! 3. the audit rows of the acts that passed (and of refusals waiting to be logged, SIG-74) are
//!    appended in order, with one update of the head row (SIG-71);
//! 4. one commit; only then does each caller get its answer, so an act is acknowledged only
//!    once its commit is durable. When the batch cannot commit, every act in it gets
//!    [`SignaturesError::NotCommitted`] and none is stored.
//!
//! Each act stays atomic (its challenge, signature, effects and audit row commit together or
//! not at all), and the database's durability settings are untouched.

use crate::SignaturesError;
use crate::audit::{self, AuditEntry, Head};
use crate::store::{self, SignatureRow};
use db::{Db, Tx};
use kernel::{Clock, Millis};
use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, oneshot};

/// The future of a caller's step that applies an act inside the batch's transaction.
pub type ApplyFuture<'t, T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send + 't>>;

/// A value of the caller's types, carried through the writer without knowing them.
pub(crate) type Erased = Box<dyn Any + Send>;

/// The caller's step with its types erased: `Ok` holds its `T`, `Err` its `E`.
pub(crate) type ApplyStep =
    Box<dyn for<'t> FnOnce(&'t mut Tx, i64) -> ApplyFuture<'t, Erased, Erased> + Send>;

/// Most acts committed in one transaction.
pub const MAX_BATCH: usize = 128;

/// Acts waiting for the writer before callers wait to enqueue (back-pressure).
const QUEUE: usize = 4096;

/// One act for the writer: everything is computed by the caller; the writer fills in the ids.
pub(crate) struct ActWork {
    pub row: SignatureRow,
    pub session_id: String,
    pub entry: AuditEntry,
    pub apply: Option<ApplyStep>,
}

pub(crate) enum Work {
    Act(Box<ActWork>),
    /// An audit row alone (a refused attempt, SIG-74).
    Audit(Box<AuditEntry>),
}

/// What a committed job got.
pub(crate) struct Done {
    pub signature_id: Option<i64>,
    pub audit_seq: i64,
    pub output: Option<Erased>,
}

/// Why a job was not committed.
pub(crate) enum Failure {
    /// A refusal or a storage error of this act, or of the whole batch.
    Service(SignaturesError),
    /// The caller's step failed; its error, as the caller's type.
    Apply(Erased),
}

impl From<SignaturesError> for Failure {
    fn from(e: SignaturesError) -> Self {
        Failure::Service(e)
    }
}

struct Job {
    work: Work,
    reply: oneshot::Sender<Result<Done, Failure>>,
}

/// The writer of one service: started on first use, restarted if its runtime went away.
pub(crate) struct GroupCommit {
    db: Db,
    clock: Arc<dyn Clock>,
    sender: Mutex<Option<mpsc::Sender<Job>>>,
}

fn not_committed(why: impl std::fmt::Display) -> SignaturesError {
    SignaturesError::NotCommitted(why.to_string())
}

impl GroupCommit {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> GroupCommit {
        GroupCommit {
            db,
            clock,
            sender: Mutex::new(None),
        }
    }

    fn sender(&self, fresh: bool) -> Result<mpsc::Sender<Job>, SignaturesError> {
        let mut slot = self
            .sender
            .lock()
            .map_err(|_| not_committed("the commit writer's lock is poisoned"))?;
        if let Some(s) = slot.as_ref().filter(|s| !fresh && !s.is_closed()) {
            return Ok(s.clone());
        }
        let (tx, rx) = mpsc::channel(QUEUE);
        tokio::spawn(writer(self.db.clone(), Arc::clone(&self.clock), rx));
        *slot = Some(tx.clone());
        Ok(tx)
    }

    /// Queues `work` and waits until its batch committed (or failed).
    pub async fn submit(&self, work: Work) -> Result<Done, Failure> {
        let (reply, answer) = oneshot::channel();
        let mut job = Job { work, reply };
        for attempt in 0..2 {
            match self.sender(attempt > 0)?.send(job).await {
                Ok(()) => {
                    return answer
                        .await
                        .map_err(|_| not_committed("the commit writer stopped"))?;
                }
                // The writer's runtime is gone (a service shared across runtimes): start anew.
                Err(mpsc::error::SendError(back)) => job = back,
            }
        }
        Err(not_committed("the commit writer cannot be started").into())
    }
}

/// The writer loop: waits for one job, takes every job queued behind it (up to
/// [`MAX_BATCH`]), commits them as one batch. Ends when the service is dropped.
async fn writer(db: Db, clock: Arc<dyn Clock>, mut rx: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    // The audit head as this writer last committed it (a guess: checked by the update).
    let mut head: Option<Head> = None;
    while rx.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let batch = std::mem::take(&mut jobs);
        // A panic in a caller's step drops its batch's reply senders (those callers get an
        // error and nothing of the batch is committed) but not the writer.
        let run = tokio::spawn(run_batch(
            db.clone(),
            Arc::clone(&clock),
            batch,
            head.take(),
        ));
        match run.await {
            Ok(h) => head = h,
            Err(e) => {
                tracing::error!(error = %e, "a group commit batch panicked; it was rolled back");
            }
        }
    }
}

/// The outcome of one job inside the batch, before the commit.
enum Slot {
    Pending,
    /// Stored in the batch's transaction: its signature id and its step's output.
    Passed {
        signature_id: Option<i64>,
        output: Option<Erased>,
    },
    Failed(Failure),
}

type Answer = Result<Done, Failure>;

/// Commits one batch and answers its callers; returns the audit head after it (if known).
async fn run_batch(
    db: Db,
    clock: Arc<dyn Clock>,
    jobs: Vec<Job>,
    head: Option<Head>,
) -> Option<Head> {
    let (mut works, replies): (Vec<Work>, Vec<_>) =
        jobs.into_iter().map(|j| (j.work, j.reply)).unzip();
    let now = clock.now();
    // First with one statement per batch for the acts without a step; when one of them fails,
    // again act by act, each in its savepoint, so that each gets its own answer.
    let known = head.as_ref();
    let result = match commit_batch(&db, now, &mut works, true, known).await {
        Ok(None) => commit_batch(&db, now, &mut works, false, known)
            .await
            .and_then(|r| r.ok_or_else(|| not_committed("the batch could not be split"))),
        other => other.and_then(|r| r.ok_or_else(|| not_committed("no answer"))),
    };
    match result {
        Ok((answers, head)) => {
            for (answer, reply) in answers.into_iter().zip(replies) {
                let _ = reply.send(answer);
            }
            head
        }
        Err(e) => {
            tracing::error!(error = %e, acts = replies.len(), "group commit failed");
            for reply in replies {
                let _ = reply.send(Err(not_committed(&e).into()));
            }
            None
        }
    }
}

async fn exec(tx: &mut Tx, sql: &'static str) -> Result<(), SignaturesError> {
    sqlx::query(sql).execute(&mut **tx).await?;
    Ok(())
}

/// One attempt at committing the batch in one transaction; `Err` when it could not commit
/// (nothing of the batch is stored). With `set_based`, the acts without a step are consumed
/// and inserted with one statement each for all of them; when that fails, the transaction is
/// rolled back and `Ok(None)` asks for the act-by-act attempt (no step has run yet: steps run
/// after that part, and only once).
async fn commit_batch(
    db: &Db,
    now: Millis,
    works: &mut [Work],
    set_based: bool,
    head: Option<&Head>,
) -> Result<Option<(Vec<Answer>, Option<Head>)>, SignaturesError> {
    let acts = works.iter().filter(|w| matches!(w, Work::Act(_))).count() as i64;
    let mut tx = db.write_tx().await?;
    // The head first: one lock order with every other auditing writer (see `lock_head`).
    audit::lock_head(&mut tx).await?;
    let mut next_id = if acts > 0 {
        store::allocate_signature_ids(&mut tx, acts).await?
    } else {
        0
    };
    let mut used = 0i64;
    let mut slots: Vec<Slot> = works.iter().map(|_| Slot::Pending).collect();
    if set_based {
        let plain: Vec<usize> = (0..works.len())
            .filter(|&i| matches!(&works[i], Work::Act(a) if a.apply.is_none()))
            .collect();
        for &i in &plain {
            if let Work::Act(a) = &mut works[i] {
                a.row.id = next_id;
                slots[i] = Slot::Passed {
                    signature_id: Some(next_id),
                    output: None,
                };
                next_id += 1;
                used += 1;
            }
        }
        let acts_of = |i: &usize| match &works[*i] {
            Work::Act(a) => Some(a),
            Work::Audit(_) => None,
        };
        let items: Vec<(&str, &str)> = plain
            .iter()
            .filter_map(acts_of)
            .map(|a| (a.row.challenge_id.as_str(), a.session_id.as_str()))
            .collect();
        let rows: Vec<&SignatureRow> = plain.iter().filter_map(acts_of).map(|a| &a.row).collect();
        let stored = !rows.is_empty()
            && matches!(
                store::consume_challenges(&mut tx, &items, now).await,
                Ok(true)
            )
            && store::insert_signature_rows(&mut tx, &rows).await.is_ok();
        if !rows.is_empty() && !stored {
            tx.rollback().await.map_err(db::DbError::from)?;
            return Ok(None);
        }
    }
    for (i, work) in works.iter_mut().enumerate() {
        if !matches!(slots[i], Slot::Pending) {
            continue;
        }
        let Work::Act(act) = work else {
            slots[i] = Slot::Passed {
                signature_id: None,
                output: None,
            };
            continue;
        };
        act.row.id = next_id;
        exec(&mut tx, "SAVEPOINT tauar_act").await?;
        match one_act(&mut tx, act, now).await {
            Ok(output) => {
                exec(&mut tx, "RELEASE SAVEPOINT tauar_act").await?;
                slots[i] = Slot::Passed {
                    signature_id: Some(next_id),
                    output,
                };
                next_id += 1;
                used += 1;
            }
            Err(failure) => {
                exec(&mut tx, "ROLLBACK TO SAVEPOINT tauar_act").await?;
                exec(&mut tx, "RELEASE SAVEPOINT tauar_act").await?;
                slots[i] = Slot::Failed(failure);
            }
        }
    }
    if acts > used {
        store::release_signature_ids(&mut tx, acts - used).await?;
    }
    // The audit rows of what passed, in the order the jobs came.
    let mut entries = Vec::with_capacity(works.len());
    for (work, slot) in works.iter().zip(&slots) {
        if let Slot::Passed { signature_id, .. } = slot {
            let mut entry = match work {
                Work::Act(a) => a.entry.clone(),
                Work::Audit(e) => (**e).clone(),
            };
            entry.signature_id = *signature_id;
            entries.push(entry);
        }
    }
    let (seqs, head) = audit::append_many_after(&mut tx, now, &entries, head).await?;
    let mut seqs = seqs.into_iter();
    tx.commit().await.map_err(db::DbError::from)?;
    let answers = slots
        .into_iter()
        .map(|slot| match slot {
            Slot::Passed {
                signature_id,
                output,
            } => match seqs.next() {
                Some(audit_seq) => Ok(Done {
                    signature_id,
                    audit_seq,
                    output,
                }),
                None => Err(not_committed("no audit row for the act").into()),
            },
            Slot::Failed(f) => Err(f),
            Slot::Pending => Err(not_committed("the act was not run").into()),
        })
        .collect();
    Ok(Some((answers, head)))
}

/// SIG-52 (1), (2) and the caller's step for one act, inside its savepoint.
async fn one_act(tx: &mut Tx, act: &mut ActWork, now: Millis) -> Result<Option<Erased>, Failure> {
    store::consume_challenge(tx, &act.row.challenge_id, &act.session_id, now)
        .await
        .map_err(SignaturesError::from)?;
    store::insert_signature_row(tx, &act.row).await?;
    match act.apply.take() {
        Some(step) => Ok(Some(step(tx, act.row.id).await.map_err(Failure::Apply)?)),
        None => Ok(None),
    }
}
