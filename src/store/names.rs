//! Checks on the free text of a scan record that reaches clear-text places (logs, audit
//! resources, URLs): ids, scan names and tags. Data contract item 7: e-mail addresses and
//! secrets in names are refused, not stored.
//!
//! Names and tags go through `protocol::names`, the check the sync client runs before it
//! queues a record, so a record the client accepted is never refused here for its names.
//! No IO.

use crate::protocol::ScanRecord;
use crate::protocol::names;

/// Refuses a record whose ids, names or tags could leak personal data or secrets.
pub fn check_record(record: &ScanRecord) -> Result<(), String> {
    let id_ok = |id: &str| {
        !id.is_empty()
            && id.len() <= 128
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
    };
    if !id_ok(&record.scan_id) {
        return Err("scanId must be 1 to 128 of A-Z a-z 0-9 - _ . :".into());
    }
    names::check_name_and_tags(&record.scan_name, &record.tags)?;
    if let Some(finding) = record.findings.iter().find(|finding| !id_ok(&finding.id)) {
        return Err(format!(
            "finding id {:?} must be 1 to 128 of A-Z a-z 0-9 - _ . :",
            finding.id
        ));
    }
    Ok(())
}
