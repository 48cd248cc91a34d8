//! Envelope encryption tests: round trips, context binding, rotation, the key file, and the
//! tamper tests (every bit flipped, every truncation: all rejected, no plaintext out).

#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;

use super::*;

const CONTEXT: SealContext<'static> = SealContext {
    tenant: "acme",
    record: "scan-1",
    field: "record",
};
const REFERENCE: &[u8] =
    br#"{"scanId":"scan-1","findings":[{"id":"f1","codeSnippet":"password = 'x'"}]}"#;

#[test]
fn sealed_values_open_only_in_their_own_context() {
    let keys = MasterKeys::ephemeral();
    let sealed = keys.seal(&CONTEXT, REFERENCE).expect("seals");
    assert_eq!(keys.open(&CONTEXT, &sealed).expect("opens"), REFERENCE);
    assert!(
        !sealed.windows(8).any(|window| window == b"password"),
        "plaintext leaked"
    );
    let others = [
        SealContext {
            tenant: "other",
            ..CONTEXT
        },
        SealContext {
            record: "scan-2",
            ..CONTEXT
        },
        SealContext {
            field: "source",
            ..CONTEXT
        },
    ];
    for other in others {
        assert!(
            matches!(keys.open(&other, &sealed), Err(CryptoError::Rejected)),
            "{other:?}"
        );
    }
    let again = keys.seal(&CONTEXT, REFERENCE).expect("seals");
    assert_ne!(
        again[8..],
        sealed[8..],
        "each seal uses a fresh data key and nonces"
    );
    let stranger = MasterKeys::ephemeral();
    assert!(matches!(
        stranger.open(&CONTEXT, &sealed),
        Err(CryptoError::Rejected)
    ));
}

#[test]
fn every_flipped_bit_is_rejected() {
    let keys = MasterKeys::ephemeral();
    let sealed = keys.seal(&CONTEXT, REFERENCE).expect("seals");
    for index in 0..sealed.len() {
        for bit in 0..8 {
            let mut tampered = sealed.clone();
            tampered[index] ^= 1 << bit;
            let result = keys.open(&CONTEXT, &tampered);
            assert!(result.is_err(), "byte {index} bit {bit} was accepted");
        }
    }
}

#[test]
fn every_truncation_is_rejected() {
    let keys = MasterKeys::ephemeral();
    let sealed = keys.seal(&CONTEXT, REFERENCE).expect("seals");
    for length in 0..sealed.len() {
        assert!(
            keys.open(&CONTEXT, &sealed[..length]).is_err(),
            "length {length} was accepted"
        );
    }
    let mut extended = sealed.clone();
    extended.push(0);
    assert!(keys.open(&CONTEXT, &extended).is_err());
}

#[test]
fn rotation_rewraps_the_data_key_and_keeps_the_ciphertext() {
    let directory = tempfile::tempdir().expect("tempdir");
    let path = directory.path().join("master.key");
    let mut keys = MasterKeys::load_or_create(&path).expect("creates");
    let sealed = keys.seal(&CONTEXT, REFERENCE).expect("seals");
    assert_eq!(keys.rotate().expect("rotates"), 2);
    assert_eq!(
        keys.open(&CONTEXT, &sealed)
            .expect("old version still opens"),
        REFERENCE
    );
    let rewrapped = keys.rewrap(&CONTEXT, &sealed).expect("rewraps");
    assert_eq!(MasterKeys::sealed_version(&rewrapped), Some(2));
    assert_eq!(
        rewrapped[HEADER_LEN - NONCE_LEN..],
        sealed[HEADER_LEN - NONCE_LEN..]
    );
    keys.retire_old_versions().expect("retires");
    let reloaded = MasterKeys::load_or_create(&path).expect("loads");
    assert_eq!(
        reloaded.open(&CONTEXT, &rewrapped).expect("opens"),
        REFERENCE
    );
    assert!(matches!(
        reloaded.open(&CONTEXT, &sealed),
        Err(CryptoError::UnknownKeyVersion(1))
    ));
}

/// Unix only: on Windows key files keep their inherited ACLs and are not checked.
#[cfg(unix)]
#[test]
fn the_key_file_is_created_0600_and_refused_when_others_can_read_it() {
    let directory = tempfile::tempdir().expect("tempdir");
    let path = directory.path().join("master.key");
    let keys = MasterKeys::load_or_create(&path).expect("creates");
    let mode = fs::metadata(&path).expect("exists").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let sealed = keys.seal(&CONTEXT, REFERENCE).expect("seals");
    let reloaded = MasterKeys::load_or_create(&path).expect("loads");
    assert_eq!(reloaded.open(&CONTEXT, &sealed).expect("opens"), REFERENCE);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
    let error = MasterKeys::load_or_create(&path).expect_err("refused");
    assert!(
        error
            .to_string()
            .ends_with("permissions are 644; run `chmod 600` on it"),
        "{error}"
    );
}

/// The reference record sealed under each wrapping key family: master key, retention day key
/// and customer-managed key.
#[test]
fn every_flipped_bit_and_truncation_is_rejected_under_every_key_family() {
    let day_key: [u8; 32] = random();
    let customer_key: [u8; 32] = random();
    let keys = MasterKeys::ephemeral();
    let lookup = |magic: &[u8; 4], reference: u32| -> Result<[u8; 32], CryptoError> {
        match magic {
            RETENTION_MAGIC if reference == 20_370 => Ok(day_key),
            CUSTOMER_MAGIC if reference == 7 => Ok(customer_key),
            _ => keys.unwrapping_key(magic, reference),
        }
    };
    let wrappings = [
        keys.wrapping().expect("current"),
        Wrapping {
            magic: RETENTION_MAGIC,
            reference: 20_370,
            key: &day_key,
        },
        Wrapping {
            magic: CUSTOMER_MAGIC,
            reference: 7,
            key: &customer_key,
        },
    ];
    for wrapping in wrappings {
        let sealed = seal_with(wrapping, &CONTEXT, REFERENCE).expect("seals");
        assert_eq!(
            open_with(&CONTEXT, &sealed, &lookup).expect("opens"),
            REFERENCE
        );
        for index in 0..sealed.len() {
            for bit in 0..8 {
                let mut tampered = sealed.clone();
                tampered[index] ^= 1 << bit;
                assert!(
                    open_with(&CONTEXT, &tampered, &lookup).is_err(),
                    "{wrapping:?}: byte {index} bit {bit} was accepted"
                );
            }
        }
        for length in 0..sealed.len() {
            assert!(
                open_with(&CONTEXT, &sealed[..length], &lookup).is_err(),
                "{wrapping:?}: length {length} was accepted"
            );
        }
    }
}
