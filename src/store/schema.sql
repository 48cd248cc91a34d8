-- codeward store schema v1. Portable SQL: PostgreSQL runs the same statements with BLOB read
-- as BYTEA and INTEGER PRIMARY KEY as BIGINT PRIMARY KEY (db/postgres.rs).
-- Only non-sensitive metadata is in clear: ids, tenant, role, status, severity, timestamps and
-- keyed hashes (blind indexes) of names and scopes. Everything else is sealed (crypto.rs).

CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);

-- SigV4 needs the secret itself to verify a signature, so a hash is not enough: the secret is
-- kept sealed under the master key (never in plaintext) and opened only to verify.
CREATE TABLE IF NOT EXISTS access_keys (
    access_key_id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    role TEXT NOT NULL,
    sealed_secret BLOB NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE IF NOT EXISTS scans (
    tenant TEXT NOT NULL,
    scan_id TEXT NOT NULL,
    name_index TEXT NOT NULL,
    scope_index TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    finding_count BIGINT NOT NULL,
    sealed_record BLOB NOT NULL,
    PRIMARY KEY (tenant, scan_id)
);
CREATE INDEX IF NOT EXISTS scans_by_name ON scans (tenant, name_index, created_at);

-- One row per finding fingerprint and scope (repository + branch): its latest version.
CREATE TABLE IF NOT EXISTS findings (
    tenant TEXT NOT NULL,
    scope_index TEXT NOT NULL,
    finding_id TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    first_seen BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    closed_at BIGINT,
    last_scan_id TEXT NOT NULL,
    sealed_finding BLOB NOT NULL,
    PRIMARY KEY (tenant, scope_index, finding_id)
);
CREATE INDEX IF NOT EXISTS findings_by_status ON findings (tenant, status, severity);
-- Closing a scope's findings after each scan must not read the tenant's other scopes.
CREATE INDEX IF NOT EXISTS findings_by_scope ON findings (tenant, scope_index, status);

-- Append-only, hash-chained (keyed) audit log; never payloads or secrets.
CREATE TABLE IF NOT EXISTS audit_events (
    seq INTEGER PRIMARY KEY,
    time BIGINT NOT NULL,
    principal TEXT NOT NULL,
    tenant TEXT NOT NULL,
    action TEXT NOT NULL,
    resource TEXT NOT NULL,
    source TEXT NOT NULL,
    result TEXT NOT NULL,
    request_id TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

-- Uploaded source (opt-in): sealed under its own data key, which is wrapped by the retention
-- day key of the last day it may be read (crypto/retention.rs). Reads stop at expires_at; the
-- sweep deletes the row then and destroys the day key.
CREATE TABLE IF NOT EXISTS sources (
    tenant TEXT NOT NULL,
    scan_id TEXT NOT NULL,
    uploaded_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    sealed_source BLOB NOT NULL,
    PRIMARY KEY (tenant, scan_id)
);
CREATE INDEX IF NOT EXISTS sources_by_expiry ON sources (expires_at);

-- Per-account settings: the customer-managed key that wraps the account's data keys (NULL:
-- the store's master key). Key ids only, never key material.
CREATE TABLE IF NOT EXISTS accounts (
    tenant TEXT PRIMARY KEY,
    kms_key_id TEXT,
    updated_at BIGINT NOT NULL
);
