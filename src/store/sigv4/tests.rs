//! SigV4 verifier tests: the AWS SigV4 test-suite vectors as data, requests signed by the
//! `aws-sigv4` crate, and every refusal with its exact error.

use std::time::{Duration, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, SignableBody, SignableRequest, SigningSettings, sign,
};
use aws_sigv4::sign::v4;

use super::*;

const SUITE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SUITE_SCOPE: &str = "20150830/us-east-1/service/aws4_request";
const SUITE_DATE: &str = "20150830T123600Z";
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// One case of the AWS SigV4 test suite (credentials AKIDEXAMPLE, 2015-08-30T12:36:00Z,
/// us-east-1, service `service`).
struct SuiteVector {
    name: &'static str,
    method: &'static str,
    path: &'static str,
    query: Option<&'static str>,
    extra_headers: &'static [(&'static str, &'static str)],
    body: &'static str,
    signed_headers: &'static str,
    canonical_request: &'static str,
    /// The last line of the string to sign (hex SHA-256 of the canonical request), when the
    /// suite publishes it.
    canonical_request_hash: Option<&'static str>,
    signature: &'static str,
}

const SUITE: &[SuiteVector] = &[
    SuiteVector {
        name: "get-vanilla",
        method: "GET",
        path: "/",
        query: None,
        extra_headers: &[],
        body: "",
        signed_headers: "host;x-amz-date",
        canonical_request: "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        canonical_request_hash: Some(
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
        ),
        signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    },
    SuiteVector {
        name: "get-vanilla-query-order-key-case",
        method: "GET",
        path: "/",
        query: Some("Param2=value2&Param1=value1"),
        extra_headers: &[],
        body: "",
        signed_headers: "host;x-amz-date",
        canonical_request: "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        canonical_request_hash: Some(
            "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0",
        ),
        signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
    },
    SuiteVector {
        name: "get-vanilla-query-order-value",
        method: "GET",
        path: "/",
        query: Some("Param1=value2&Param1=value1"),
        extra_headers: &[],
        body: "",
        signed_headers: "host;x-amz-date",
        canonical_request: "GET\n/\nParam1=value1&Param1=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        canonical_request_hash: None,
        signature: "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694",
    },
    SuiteVector {
        name: "get-unreserved",
        method: "GET",
        path: "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        query: None,
        extra_headers: &[],
        body: "",
        signed_headers: "host;x-amz-date",
        canonical_request: "GET\n/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        canonical_request_hash: None,
        signature: "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f",
    },
    SuiteVector {
        name: "post-x-www-form-urlencoded",
        method: "POST",
        path: "/",
        query: None,
        extra_headers: &[("Content-Type", "application/x-www-form-urlencoded")],
        body: "Param1=value1",
        signed_headers: "content-type;host;x-amz-date",
        canonical_request: "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
        canonical_request_hash: Some(
            "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281",
        ),
        signature: "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
    },
];

fn check_suite_vector(vector: &SuiteVector) {
    let mut headers = vec![
        ("Host", "example.amazonaws.com"),
        ("X-Amz-Date", SUITE_DATE),
    ];
    headers.extend_from_slice(vector.extra_headers);
    let request = ReceivedRequest {
        method: vector.method,
        authority: None,
        path: vector.path,
        query: vector.query,
        headers: &headers,
        body: vector.body.as_bytes(),
    };
    let signed: Vec<String> = vector
        .signed_headers
        .split(';')
        .map(str::to_owned)
        .collect();
    let payload_hash = sha256_hex(vector.body.as_bytes());
    let canonical = canonical_request(&request, &signed, &payload_hash).expect("canonical");
    assert_eq!(
        canonical, vector.canonical_request,
        "{}: canonical request",
        vector.name
    );
    let to_sign = string_to_sign(SUITE_DATE, SUITE_SCOPE, &canonical);
    if let Some(hash) = vector.canonical_request_hash {
        let expected = format!("AWS4-HMAC-SHA256\n{SUITE_DATE}\n{SUITE_SCOPE}\n{hash}");
        assert_eq!(to_sign, expected, "{}: string to sign", vector.name);
    }
    let key = signing_key(SUITE_SECRET, "20150830", "us-east-1", "service");
    assert_eq!(
        signature(&key, &to_sign),
        vector.signature,
        "{}: signature",
        vector.name
    );
}

#[test]
fn suite_vectors_give_the_published_canonical_request_string_to_sign_and_signature() {
    for vector in SUITE {
        check_suite_vector(vector);
    }
    assert_eq!(sha256_hex(b""), EMPTY_SHA256);
}

#[test]
fn header_values_are_trimmed_and_inner_spaces_collapsed() {
    let headers = [("My-Header1", "  a   b   c  "), ("my-header1", "d")];
    let values = signed_header_values(&headers, &["my-header1".to_owned()]).expect("present");
    assert_eq!(values, vec!["a b c,d".to_owned()]);
}

const NOW: i64 = 1_760_000_000;
const KEY_ID: &str = "CWKTESTKEY0000000001";
const SECRET: &str = "test-secret-0123456789abcdefghijklmnopqrs";

fn config() -> VerifierConfig {
    VerifierConfig {
        region: "local".into(),
        service: "codeward".into(),
    }
}

/// Signs with the `aws-sigv4` crate, as a real client would: returns every header to send.
fn crate_signed(
    method: &str,
    path_and_query: &str,
    body: &[u8],
    signed_at: i64,
) -> Vec<(String, String)> {
    let identity = Credentials::new(KEY_ID, SECRET, None, None, "test").into();
    let mut settings = SigningSettings::default();
    settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region("local")
        .name("codeward")
        .time(UNIX_EPOCH + Duration::from_secs(u64::try_from(signed_at).expect("positive")))
        .settings(settings)
        .build()
        .expect("params")
        .into();
    let url = format!("https://store.example:8443{path_and_query}");
    let base = [
        ("host", "store.example:8443"),
        ("content-type", "application/json"),
    ];
    let signable = SignableRequest::new(method, url, base.into_iter(), SignableBody::Bytes(body))
        .expect("signable");
    let (instructions, _) = sign(signable, &params).expect("signs").into_parts();
    let mut headers: Vec<(String, String)> = base
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    headers.extend(
        instructions
            .headers()
            .map(|(name, value)| (name.to_owned(), value.to_owned())),
    );
    headers
}

fn verify_with(
    method: &str,
    path_and_query: &str,
    headers: &[(String, String)],
    body: &[u8],
    now: i64,
) -> Result<Verified, AuthError> {
    let borrowed: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let (path, query) = match path_and_query.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path_and_query, None),
    };
    let request = ReceivedRequest {
        method,
        authority: None,
        path,
        query,
        headers: &borrowed,
        body,
    };
    verify(&request, &config(), now, |id| {
        (id == KEY_ID).then(|| SECRET.to_owned())
    })
}

fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    headers.retain(|(header, _)| !header.eq_ignore_ascii_case(name));
    headers.push((name.to_owned(), value.to_owned()));
}

#[test]
fn requests_signed_by_the_aws_sigv4_crate_verify() {
    let cases: [(&str, &str, &[u8]); 4] = [
        ("GET", "/v1/scans", b""),
        (
            "GET",
            "/v1/findings?status=Open&scanName=nightly%20build",
            b"",
        ),
        ("GET", "/v1/scans/name%20with%2Fslash", b""),
        ("POST", "/v1/scans", br#"{"scanId":"s-1"}"#),
    ];
    for (method, target, body) in cases {
        let headers = crate_signed(method, target, body, NOW);
        let verified = verify_with(method, target, &headers, body, NOW + 60);
        assert_eq!(
            verified,
            Ok(Verified {
                access_key_id: KEY_ID.into()
            }),
            "{method} {target}"
        );
    }
}

#[test]
fn every_refusal_has_its_exact_error() {
    let body: &[u8] = br#"{"scanId":"s-1"}"#;
    let signed = crate_signed("POST", "/v1/scans", body, NOW);
    let refuse = |headers: &[(String, String)], target: &str, body: &[u8], now: i64| {
        verify_with("POST", target, headers, body, now).expect_err("refused")
    };

    let mut unsigned = signed.clone();
    unsigned.retain(|(name, _)| name != "authorization");
    assert_eq!(
        refuse(&unsigned, "/v1/scans", body, NOW),
        AuthError::MissingAuthentication
    );

    let mut extra = signed.clone();
    extra.push(("x-amz-meta-note".into(), "sneaked in".into()));
    assert_eq!(
        refuse(&extra, "/v1/scans", body, NOW),
        AuthError::UnsignedHeader("x-amz-meta-note".into())
    );

    let mut unsigned_payload = signed.clone();
    set_header(
        &mut unsigned_payload,
        "x-amz-content-sha256",
        "UNSIGNED-PAYLOAD",
    );
    assert_eq!(
        refuse(&unsigned_payload, "/v1/scans", body, NOW),
        AuthError::UnsignedPayload
    );

    assert_eq!(
        refuse(&signed, "/v1/scans", b"{}", NOW),
        AuthError::PayloadHashMismatch
    );

    let presigned = "/v1/scans?X-Amz-Signature=00&X-Amz-Credential=x";
    assert_eq!(
        refuse(&signed, presigned, body, NOW),
        AuthError::SignatureInQuery
    );
    let with_secret = "/v1/scans?secretAccessKey=abc";
    assert_eq!(
        refuse(&signed, with_secret, body, NOW),
        AuthError::CredentialsInUrl
    );

    assert_eq!(
        refuse(&signed, "/v1/scans", body, NOW + 15 * 60 + 1),
        AuthError::RequestTimeTooSkewed
    );
    assert_eq!(
        refuse(&signed, "/v1/scans", body, NOW - 15 * 60 - 1),
        AuthError::RequestTimeTooSkewed
    );
    assert!(verify_with("POST", "/v1/scans", &signed, body, NOW + 15 * 60).is_ok());

    let mut forged = signed.clone();
    let authorization = forged
        .iter()
        .find(|(n, _)| n == "authorization")
        .expect("signed")
        .1
        .clone();
    let last = authorization.chars().last().expect("non-empty");
    let flipped = format!(
        "{}{}",
        &authorization[..authorization.len() - 1],
        if last == '0' { '1' } else { '0' }
    );
    set_header(&mut forged, "authorization", &flipped);
    assert_eq!(
        refuse(&forged, "/v1/scans", body, NOW),
        AuthError::SignatureDoesNotMatch
    );

    assert_eq!(
        refuse(&signed, "/v1/scans?extra=1", body, NOW),
        AuthError::SignatureDoesNotMatch
    );

    let mut unknown = signed.clone();
    set_header(
        &mut unknown,
        "authorization",
        &authorization.replace(KEY_ID, "CWKUNKNOWN"),
    );
    assert_eq!(
        refuse(&unknown, "/v1/scans", body, NOW),
        AuthError::InvalidAccessKeyId
    );

    let mut wrong_region = signed.clone();
    set_header(
        &mut wrong_region,
        "authorization",
        &authorization.replace("/local/", "/us-east-1/"),
    );
    assert_eq!(
        refuse(&wrong_region, "/v1/scans", body, NOW).code(),
        "InvalidCredentialScope"
    );

    let mut no_date_signed = signed.clone();
    let without_date = authorization.replace(";x-amz-date", "");
    set_header(&mut no_date_signed, "authorization", &without_date);
    assert_eq!(
        refuse(&no_date_signed, "/v1/scans", body, NOW),
        AuthError::UnsignedHeader("x-amz-date".into())
    );

    let mut malformed = signed.clone();
    set_header(
        &mut malformed,
        "authorization",
        "AWS4-HMAC-SHA256 Credential=x",
    );
    assert_eq!(
        refuse(&malformed, "/v1/scans", body, NOW).code(),
        "IncompleteSignature"
    );

    let request = ReceivedRequest {
        method: "GET",
        authority: Some("user:secret@store.example"),
        path: "/v1/scans",
        query: None,
        headers: &[],
        body: b"",
    };
    assert_eq!(
        verify(&request, &config(), NOW, |_| None),
        Err(AuthError::CredentialsInUrl)
    );
}
