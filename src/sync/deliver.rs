//! Drains the outbox into the store: one signed `POST /v1/scans` per entry, oldest first,
//! followed by `PUT /v1/scans/{id}/source` when the entry carries opted-in source.
//!
//! An entry is deleted only when the answer echoes its record id and content hash. Busy
//! answers (429, 502, 503, 504), transport errors and answers that do not confirm the record
//! are retried with capped exponential backoff and jitter, never sooner than `Retry-After`;
//! any other refusal dead-letters the entry with the store's message. Sends are idempotent
//! (the record id is the scan id), so two deliverers, or a deliverer killed after the store
//! committed, cost a replay, never a duplicate. No printing: callers show the report.

use std::time::{Duration, Instant};

use super::client::{CallError, StoreClient};
use super::outbox::{Outbox, OutboxError};
use crate::protocol::CreateStatus;

/// Exponential backoff with "equal jitter": attempt n waits between half and all of
/// `min(cap, base * 2^n)`, and never less than the store's `Retry-After`.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub base: Duration,
    pub cap: Duration,
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff {
            base: Duration::from_secs(1),
            cap: Duration::from_secs(300),
        }
    }
}

/// The longest `Retry-After` honoured; a larger one is cut to this.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

impl Backoff {
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let ceiling = self
            .base
            .saturating_mul(2u32.saturating_pow(attempt.min(30)))
            .min(self.cap);
        let half = ceiling / 2;
        let jitter = Duration::from_nanos(fastrand::u64(
            0..=u64::try_from((ceiling - half).as_nanos()).unwrap_or(u64::MAX),
        ));
        let delay = half + jitter;
        match retry_after {
            Some(wait) => delay.max(wait.min(MAX_RETRY_AFTER)),
            None => delay,
        }
    }
}

#[derive(Debug, Clone)]
pub struct DeliveryOptions {
    pub backoff: Backoff,
    /// Retries within this run stop once waiting would pass this much time since the start.
    pub deadline: Duration,
    /// Only entries whose next attempt is due (background delivery); `false` sends all now.
    pub only_due: bool,
}

impl Default for DeliveryOptions {
    fn default() -> DeliveryOptions {
        DeliveryOptions {
            backoff: Backoff::default(),
            deadline: Duration::from_secs(30),
            only_due: false,
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    /// Record id and whether the store stored it now or had it already.
    pub delivered: Vec<(String, CreateStatus)>,
    /// Still pending, with the last reason.
    pub retrying: Vec<(String, String)>,
    /// Refused by the store, with its message.
    pub dead: Vec<(String, String)>,
    /// Pending entries not tried because the store was unreachable or the run out of time.
    pub not_tried: usize,
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

/// The record, then its opted-in source: the store takes source only for a stored scan. A
/// retry sends both again (the record replays).
async fn send(
    client: &StoreClient,
    entry: &super::outbox::Due,
) -> Result<crate::protocol::CreateScanResponse, CallError> {
    let answer = client.create_scan(&entry.record_id, &entry.body).await?;
    if let Some(source) = &entry.source {
        client
            .put_source(&entry.record_id, source)
            .await
            .map_err(|error| match error {
                CallError::Rejected {
                    status,
                    code,
                    message,
                } => CallError::Rejected {
                    status,
                    code,
                    message: format!("source upload: {message}"),
                },
                other => other,
            })?;
    }
    Ok(answer)
}

/// Sends what is pending; answers what happened. Fails only when the outbox itself does.
pub async fn deliver(
    outbox: &Outbox,
    client: &StoreClient,
    options: &DeliveryOptions,
) -> Result<DeliveryReport, OutboxError> {
    let started = Instant::now();
    let due = outbox.due(options.only_due.then(unix_now))?;
    let mut report = DeliveryReport::default();
    let total = due.len();
    for (index, entry) in due.into_iter().enumerate() {
        let mut attempt = entry.attempts;
        let gave_up = loop {
            match send(client, &entry).await {
                Ok(answer) => {
                    outbox.delivered(&entry.record_id, &entry.content_hash)?;
                    report
                        .delivered
                        .push((entry.record_id.clone(), answer.status));
                    break false;
                }
                Err(CallError::Retry {
                    reason,
                    retry_after,
                }) => {
                    let delay = options.backoff.delay(attempt, retry_after);
                    attempt += 1;
                    let next = unix_now()
                        + i64::try_from(delay.as_secs() + u64::from(delay.subsec_nanos() > 0))
                            .unwrap_or(i64::MAX);
                    outbox.retry_later(&entry.record_id, next, &reason)?;
                    if started.elapsed() + delay <= options.deadline {
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    report.retrying.push((entry.record_id.clone(), reason));
                    break true;
                }
                Err(CallError::Rejected {
                    status,
                    code,
                    message,
                }) => {
                    let text = format!("HTTP {status} {code}: {message}");
                    outbox.dead_letter(&entry.record_id, &text)?;
                    report.dead.push((entry.record_id.clone(), text));
                    break false;
                }
                Err(CallError::Setup(message)) => {
                    outbox.retry_later(&entry.record_id, unix_now(), &message)?;
                    report.retrying.push((entry.record_id.clone(), message));
                    break true;
                }
            }
        };
        if gave_up {
            // The store is not answering; the rest waits for the next run.
            report.not_tried = total - index - 1;
            break;
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_honours_retry_after() {
        let backoff = Backoff {
            base: Duration::from_secs(1),
            cap: Duration::from_secs(8),
        };
        for _ in 0..200 {
            let first = backoff.delay(0, None);
            assert!(first >= Duration::from_millis(500) && first <= Duration::from_secs(1));
            let third = backoff.delay(2, None);
            assert!(third >= Duration::from_secs(2) && third <= Duration::from_secs(4));
            let capped = backoff.delay(20, None);
            assert!(capped >= Duration::from_secs(4) && capped <= Duration::from_secs(8));
            assert!(backoff.delay(0, Some(Duration::from_secs(30))) == Duration::from_secs(30));
            assert_eq!(
                backoff.delay(0, Some(Duration::from_secs(86_400))),
                Duration::from_secs(3600)
            );
        }
    }
}
