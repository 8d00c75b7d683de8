//! Progress bars for long CLI work, fed from the server state's start-up status.

use indicatif::{ProgressBar, ProgressStyle};
use std::sync::Arc;
use std::time::Duration;
use web::AppState;

/// Draws the state's status until `done` resolves (the bar hides itself when stderr is not a
/// terminal).
pub async fn follow<F: Future>(state: &Arc<AppState>, done: F) -> F::Output {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {msg:32} [{bar:40}] {pos}/{len} ({per_sec}, {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let st = Arc::clone(state);
    let b = bar.clone();
    let ticker = tokio::spawn(async move {
        let mut last = String::new();
        loop {
            let s = st.status();
            if s.phase != last {
                b.reset();
                last = s.phase.clone();
            }
            b.set_message(s.phase);
            b.set_length(s.total);
            b.set_position(s.done);
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    let out = done.await;
    ticker.abort();
    bar.finish_and_clear();
    out
}
