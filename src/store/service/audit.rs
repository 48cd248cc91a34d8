//! The audit chain: each event's keyed hash covers the previous hash, its sequence number and
//! its fields, so an edited, inserted or deleted event breaks the chain. Holds no payloads or
//! secrets. Limit: deleting the newest events is visible only against a head recorded
//! elsewhere (`audit verify` prints it).

use super::{Store, StoreResult};
use crate::store::crypto::MasterKeys;
use crate::store::db::{AuditEvent, AuditRow};

/// The result of `audit verify`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    pub events: usize,
    pub head_hash: String,
}

impl Store {
    fn chain_hash(keys: &MasterKeys, prev_hash: &str, seq: i64, event: &AuditEvent) -> String {
        let (seq, time) = (seq.to_string(), event.time.to_string());
        keys.keyed_hash(
            "audit",
            &[
                prev_hash,
                &seq,
                &time,
                &event.principal,
                &event.tenant,
                &event.action,
                &event.resource,
                &event.source,
                &event.result,
                &event.request_id,
            ],
        )
    }

    pub fn audit(&self, event: &AuditEvent) -> StoreResult<AuditRow> {
        let keys = &self.keys;
        let chain = move |prev: &str, seq: i64, event: &AuditEvent| {
            Self::chain_hash(keys, prev, seq, event)
        };
        Ok(self.storage.append_audit(event, &chain)?)
    }

    /// Walks the audit chain: sequence numbers without gaps from 1, each event linked to the
    /// previous one and its keyed hash intact. Names the first event that breaks it.
    pub fn verify_audit(&self) -> StoreResult<Result<AuditReport, String>> {
        let rows = self.storage.audit_events()?;
        let mut prev_hash = String::new();
        for (position, row) in rows.iter().enumerate() {
            let expected_seq = i64::try_from(position).unwrap_or(i64::MAX) + 1;
            if row.seq != expected_seq {
                return Ok(Err(format!(
                    "event {expected_seq} is missing (found {} next)",
                    row.seq
                )));
            }
            if row.prev_hash != prev_hash {
                return Ok(Err(format!(
                    "event {} does not link to event {}",
                    row.seq,
                    row.seq - 1
                )));
            }
            if row.hash != Self::chain_hash(&self.keys, &prev_hash, row.seq, &row.event) {
                return Ok(Err(format!("event {} was edited", row.seq)));
            }
            prev_hash.clone_from(&row.hash);
        }
        Ok(Ok(AuditReport {
            events: rows.len(),
            head_hash: prev_hash,
        }))
    }
}
