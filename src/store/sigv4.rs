//! Signature Version 4 verification for the store (the AWS SigV4 rules, HMAC-SHA256).
//!
//! The canonical-request, string-to-sign and signing-key functions follow the published rules
//! so that any SigV4 signer (the `aws-sigv4` crate, botocore) can call the store. `verify` adds
//! the store's policy on top: the payload hash is always signed and must equal the SHA-256 of
//! the body, every `x-amz-*` header is signed, and query-string signatures, credentials in the
//! URL and clock skew over 15 minutes are refused. It does not sign, does no IO, does not know
//! where secrets are kept (the caller passes a lookup) and knows no HTTP framework types.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::clock::parse_amz_date;

#[cfg(test)]
mod tests;

type HmacSha256 = Hmac<Sha256>;

pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// The largest accepted difference between `X-Amz-Date` and the store's clock.
pub const MAX_CLOCK_SKEW_SECONDS: i64 = 15 * 60;
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// Query parameters that carry credentials or a presigned signature: never accepted.
const CREDENTIAL_QUERY_KEYS: [&str; 8] = [
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-algorithm",
    "x-amz-security-token",
    "awsaccesskeyid",
    "accesskeyid",
    "secretaccesskey",
    "signature",
];

/// Why a request was refused. `code()` is the stable wire code, `Display` tells how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("the request carries no Authorization header; sign it with SigV4")]
    MissingAuthentication,
    #[error("signatures in the query string (presigned URLs) are not accepted; sign the headers")]
    SignatureInQuery,
    #[error("credentials in the URL are refused; send them only as a SigV4 signature")]
    CredentialsInUrl,
    #[error("the Authorization header is malformed: {0}")]
    IncompleteSignature(String),
    #[error("the header {0} is not covered by the signature; sign every x-amz-* header")]
    UnsignedHeader(String),
    #[error("UNSIGNED-PAYLOAD is not accepted; sign the SHA-256 of the body")]
    UnsignedPayload,
    #[error("x-amz-content-sha256 does not match the SHA-256 of the body")]
    PayloadHashMismatch,
    #[error("the credential scope must be DATE/{region}/codeward/aws4_request; got {scope}")]
    InvalidScope { scope: String, region: String },
    #[error("X-Amz-Date is more than 15 minutes away from the store's clock")]
    RequestTimeTooSkewed,
    #[error("the access key id is unknown or revoked")]
    InvalidAccessKeyId,
    #[error("the signature does not match; check the secret key and the signing method")]
    SignatureDoesNotMatch,
}

impl AuthError {
    /// The stable error code sent as `{"code": ...}`.
    pub fn code(&self) -> &'static str {
        match self {
            AuthError::MissingAuthentication => "MissingAuthenticationToken",
            AuthError::SignatureInQuery => "SignatureInQueryNotAllowed",
            AuthError::CredentialsInUrl => "CredentialsInUrl",
            AuthError::IncompleteSignature(_) => "IncompleteSignature",
            AuthError::UnsignedHeader(_) => "UnsignedHeader",
            AuthError::UnsignedPayload => "UnsignedPayloadNotAllowed",
            AuthError::PayloadHashMismatch => "XAmzContentSHA256Mismatch",
            AuthError::InvalidScope { .. } => "InvalidCredentialScope",
            AuthError::RequestTimeTooSkewed => "RequestTimeTooSkewed",
            AuthError::InvalidAccessKeyId => "InvalidAccessKeyId",
            AuthError::SignatureDoesNotMatch => "SignatureDoesNotMatch",
        }
    }
}

/// A received request, as raw as the server saw it (path and query still percent-encoded).
#[derive(Debug, Clone, Copy)]
pub struct ReceivedRequest<'a> {
    pub method: &'a str,
    /// The request target's authority if the client sent the absolute form (`user@host`).
    pub authority: Option<&'a str>,
    pub path: &'a str,
    pub query: Option<&'a str>,
    /// Header names in any case, in arrival order; repeated names allowed.
    pub headers: &'a [(&'a str, &'a str)],
    pub body: &'a [u8],
}

/// Where the verifier expects signatures to be scoped.
#[derive(Debug, Clone)]
pub struct VerifierConfig {
    pub region: String,
    pub service: String,
}

/// A verified caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub access_key_id: String,
}

/// What the Authorization header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    pub access_key_id: String,
    pub scope_date: String,
    pub region: String,
    pub service: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

/// Parses `AWS4-HMAC-SHA256 Credential=ID/DATE/REGION/SERVICE/aws4_request,
/// SignedHeaders=a;b, Signature=HEX`.
pub fn parse_authorization(value: &str) -> Result<Authorization, AuthError> {
    let malformed = |what: &str| AuthError::IncompleteSignature(what.to_owned());
    let rest = value
        .strip_prefix(ALGORITHM)
        .and_then(|rest| rest.strip_prefix(' '))
        .ok_or_else(|| malformed("the algorithm must be AWS4-HMAC-SHA256"))?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let (name, value) = part
            .trim()
            .split_once('=')
            .ok_or_else(|| malformed(part.trim()))?;
        let slot = match name {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            _ => return Err(malformed(&format!("unknown component {name}"))),
        };
        if slot.replace(value).is_some() {
            return Err(malformed(&format!("{name} appears twice")));
        }
    }
    let credential = credential.ok_or_else(|| malformed("Credential is missing"))?;
    let signed_headers = signed_headers.ok_or_else(|| malformed("SignedHeaders is missing"))?;
    let signature = signature.ok_or_else(|| malformed("Signature is missing"))?;
    let parts: Vec<&str> = credential.split('/').collect();
    let [access_key_id, scope_date, region, service, terminator] = parts[..] else {
        return Err(malformed(
            "Credential must be ID/DATE/REGION/SERVICE/aws4_request",
        ));
    };
    if terminator != "aws4_request" || access_key_id.is_empty() {
        return Err(malformed(
            "Credential must be ID/DATE/REGION/SERVICE/aws4_request",
        ));
    }
    let signed_headers: Vec<String> = signed_headers.split(';').map(str::to_owned).collect();
    let sorted = signed_headers.windows(2).all(|pair| pair[0] < pair[1]);
    let lower = signed_headers
        .iter()
        .all(|name| !name.is_empty() && *name == name.to_ascii_lowercase());
    if !sorted || !lower {
        return Err(malformed(
            "SignedHeaders must be lower-case, sorted and unique",
        ));
    }
    Ok(Authorization {
        access_key_id: access_key_id.to_owned(),
        scope_date: scope_date.to_owned(),
        region: region.to_owned(),
        service: service.to_owned(),
        signed_headers,
        signature: signature.to_owned(),
    })
}

/// RFC 3986 percent-encoding of everything but the unreserved characters, upper-case hex.
pub fn uri_encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(byte));
            }
            b'/' if keep_slash => out.push('/'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes.get(index + 1..index + 3).and_then(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        });
        match (bytes[index], hex) {
            (b'%', Some(value)) => {
                out.push(value);
                index += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                index += 1;
            }
            (other, _) => {
                out.push(other);
                index += 1;
            }
        }
    }
    out
}

/// The canonical URI: the received (already encoded) path encoded once more, segment by
/// segment, as non-S3 SigV4 signers do (`aws-sigv4`'s default, botocore).
pub fn canonical_uri(path: &str) -> String {
    if path.is_empty() {
        "/".to_owned()
    } else {
        uri_encode(path, true)
    }
}

/// The canonical query: each name and value decoded, re-encoded, then sorted by name and value.
pub fn canonical_query(query: Option<&str>) -> String {
    let mut pairs: Vec<(String, String)> = query
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let encode =
                |part: &str| uri_encode(&String::from_utf8_lossy(&percent_decode(part)), false);
            (encode(name), encode(value))
        })
        .collect();
    pairs.sort();
    let joined: Vec<String> = pairs
        .into_iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    joined.join("&")
}

/// A header value as signed: trimmed, inner runs of spaces collapsed to one.
fn canonical_header_value(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The values of each signed header, repeated headers joined with commas in arrival order.
fn signed_header_values(
    headers: &[(&str, &str)],
    signed_headers: &[String],
) -> Result<Vec<String>, AuthError> {
    signed_headers
        .iter()
        .map(|name| {
            let values: Vec<String> = headers
                .iter()
                .filter(|(header, _)| header.eq_ignore_ascii_case(name))
                .map(|(_, value)| canonical_header_value(value))
                .collect();
            if values.is_empty() {
                Err(AuthError::IncompleteSignature(format!(
                    "signed header {name} is missing"
                )))
            } else {
                Ok(values.join(","))
            }
        })
        .collect()
}

/// The canonical request of SigV4 for a request and its signed headers.
pub fn canonical_request(
    request: &ReceivedRequest<'_>,
    signed_headers: &[String],
    payload_hash: &str,
) -> Result<String, AuthError> {
    let values = signed_header_values(request.headers, signed_headers)?;
    let mut text = format!(
        "{}\n{}\n{}\n",
        request.method,
        canonical_uri(request.path),
        canonical_query(request.query)
    );
    for (name, value) in signed_headers.iter().zip(values) {
        text.push_str(&format!("{name}:{value}\n"));
    }
    text.push_str(&format!("\n{}\n{payload_hash}", signed_headers.join(";")));
    Ok(text)
}

pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// `AWS4-HMAC-SHA256\nDATE\nSCOPE\nhex(sha256(canonical request))`.
pub fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{amz_date}\n{scope}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
pub fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let date_key = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let region_key = hmac(&date_key, region.as_bytes());
    let service_key = hmac(&region_key, service.as_bytes());
    hmac(&service_key, b"aws4_request")
}

pub fn signature(signing_key: &[u8; 32], string_to_sign: &str) -> String {
    hex::encode(hmac(signing_key, string_to_sign.as_bytes()))
}

fn header<'a>(request: &ReceivedRequest<'a>, name: &str) -> Option<&'a str> {
    request
        .headers
        .iter()
        .find(|(header, _)| header.eq_ignore_ascii_case(name))
        .map(|(_, value)| *value)
}

/// Refusals that need no secret: URL credentials, presigned queries, unsigned parts.
fn check_request_shape(
    request: &ReceivedRequest<'_>,
    auth: &Authorization,
) -> Result<(), AuthError> {
    for name in ["host", "x-amz-date", "x-amz-content-sha256"] {
        if !auth.signed_headers.iter().any(|signed| signed == name) {
            return Err(AuthError::UnsignedHeader(name.to_owned()));
        }
    }
    for (name, _) in request.headers {
        let lower = name.to_ascii_lowercase();
        if lower.starts_with("x-amz-") && !auth.signed_headers.contains(&lower) {
            return Err(AuthError::UnsignedHeader(lower));
        }
    }
    Ok(())
}

/// Verifies a request's SigV4 signature and the store's signing policy. `now_unix` is the
/// store's clock; `secret_for` returns the secret of a live access key (None: unknown or
/// revoked). The signature is compared in constant time.
pub fn verify(
    request: &ReceivedRequest<'_>,
    config: &VerifierConfig,
    now_unix: i64,
    secret_for: impl FnOnce(&str) -> Option<String>,
) -> Result<Verified, AuthError> {
    if request
        .authority
        .is_some_and(|authority| authority.contains('@'))
    {
        return Err(AuthError::CredentialsInUrl);
    }
    for pair in request.query.unwrap_or("").split('&') {
        let name = String::from_utf8_lossy(&percent_decode(pair.split('=').next().unwrap_or("")))
            .to_ascii_lowercase();
        if name == "x-amz-signature" || name == "x-amz-credential" || name == "x-amz-algorithm" {
            return Err(AuthError::SignatureInQuery);
        }
        if CREDENTIAL_QUERY_KEYS.contains(&name.as_str()) {
            return Err(AuthError::CredentialsInUrl);
        }
    }
    let value = header(request, "authorization").ok_or(AuthError::MissingAuthentication)?;
    let auth = parse_authorization(value)?;
    check_request_shape(request, &auth)?;
    let payload_hash = header(request, "x-amz-content-sha256").unwrap_or("");
    if payload_hash == UNSIGNED_PAYLOAD {
        return Err(AuthError::UnsignedPayload);
    }
    let body_hash = sha256_hex(request.body);
    if !bool::from(
        payload_hash
            .to_ascii_lowercase()
            .as_bytes()
            .ct_eq(body_hash.as_bytes()),
    ) {
        return Err(AuthError::PayloadHashMismatch);
    }
    if auth.region != config.region || auth.service != config.service {
        return Err(AuthError::InvalidScope {
            scope: format!(
                "{}/{}/{}/aws4_request",
                auth.scope_date, auth.region, auth.service
            ),
            region: config.region.clone(),
        });
    }
    let amz_date = header(request, "x-amz-date").unwrap_or("");
    let signed_at = parse_amz_date(amz_date).ok_or_else(|| {
        AuthError::IncompleteSignature("X-Amz-Date must be YYYYMMDDTHHMMSSZ".into())
    })?;
    if !amz_date.starts_with(&auth.scope_date) {
        return Err(AuthError::IncompleteSignature(
            "the scope date differs from X-Amz-Date".into(),
        ));
    }
    if (now_unix - signed_at).abs() > MAX_CLOCK_SKEW_SECONDS {
        return Err(AuthError::RequestTimeTooSkewed);
    }
    let secret = secret_for(&auth.access_key_id).ok_or(AuthError::InvalidAccessKeyId)?;
    let canonical = canonical_request(request, &auth.signed_headers, payload_hash)?;
    let scope = format!(
        "{}/{}/{}/aws4_request",
        auth.scope_date, auth.region, auth.service
    );
    let key = signing_key(&secret, &auth.scope_date, &auth.region, &auth.service);
    let expected = signature(&key, &string_to_sign(amz_date, &scope, &canonical));
    if bool::from(expected.as_bytes().ct_eq(auth.signature.as_bytes())) {
        Ok(Verified {
            access_key_id: auth.access_key_id,
        })
    } else {
        Err(AuthError::SignatureDoesNotMatch)
    }
}
