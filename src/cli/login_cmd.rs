//! `codeward login | logout | whoami`: store credentials in the OS keyring, check them
//! against the store, show who is logged in.
//!
//! The secret comes from stdin when it is piped, else from a hidden prompt on the terminal;
//! it is never printed, logged or written to a file. Keyring calls give up after 3 s.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use clap::Args;

use super::{CliError, Outcome};
use crate::sync::client::{CallError, ClientConfig, StoreClient};
use crate::sync::credentials::{self, Keyring, Secret, Source, StoreCredentials};
use crate::sync::endpoint::Endpoint;

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The store, as https://HOST:PORT.
    #[arg(long, value_name = "URL")]
    endpoint: String,
    /// The access key id (else read before the secret, from stdin or a prompt).
    #[arg(long, value_name = "ID")]
    access_key_id: Option<String>,
    /// A private CA certificate (PEM) for a self-hosted store; system roots stay trusted.
    #[arg(long, value_name = "PEM", env = "CODEWARD_CA_CERT")]
    ca_cert: Option<PathBuf>,
    /// Allow plain http:// to a loopback address, for development only.
    #[arg(long)]
    insecure_loopback_http: bool,
}

pub(super) fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| CliError::Other(anyhow::anyhow!("cannot start the runtime: {error}")))
}

fn other(error: impl std::fmt::Display) -> CliError {
    CliError::Other(anyhow::anyhow!("{error}"))
}

/// Reads the key id (unless given) and the secret: lines from piped stdin, or prompts.
fn read_key(access_key_id: Option<String>) -> Result<(String, Secret), CliError> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let key_id = match access_key_id {
            Some(key_id) => key_id,
            None => {
                eprint!("Access key id: ");
                let mut line = String::new();
                stdin.lock().read_line(&mut line).map_err(other)?;
                line.trim().to_owned()
            }
        };
        let secret = rpassword::prompt_password("Secret access key: ").map_err(other)?;
        return Ok((key_id, Secret::new(secret.trim())));
    }
    let mut lines = stdin.lock().lines();
    let mut next = |what: &str| -> Result<String, CliError> {
        match lines.next() {
            Some(Ok(line)) if !line.trim().is_empty() => Ok(line.trim().to_owned()),
            Some(Err(error)) => Err(other(error)),
            _ => Err(CliError::Usage(format!("login: no {what} on stdin"))),
        }
    };
    let key_id = match access_key_id {
        Some(key_id) => key_id,
        None => next("access key id")?,
    };
    let secret = next("secret access key")?;
    Ok((key_id, Secret::new(secret)))
}

pub fn login(args: LoginArgs) -> Result<Outcome, CliError> {
    let endpoint = Endpoint::parse(&args.endpoint, args.insecure_loopback_http)
        .map_err(|error| CliError::Usage(format!("--endpoint: {error}")))?;
    let ca_cert_pem = args
        .ca_cert
        .as_ref()
        .map(|path| {
            std::fs::read_to_string(path)
                .map_err(|error| CliError::Usage(format!("--ca-cert {}: {error}", path.display())))
        })
        .transpose()?;
    let (access_key_id, secret_access_key) = read_key(args.access_key_id)?;
    if access_key_id.is_empty() || secret_access_key.expose().is_empty() {
        return Err(CliError::Usage(
            "login: the access key id and the secret may not be empty".into(),
        ));
    }
    let mut credentials = StoreCredentials {
        endpoint: endpoint.as_str().to_owned(),
        access_key_id,
        secret_access_key,
        tenant: None,
        ca_cert_pem,
        insecure_loopback_http: args.insecure_loopback_http,
    };
    let client = StoreClient::new(&credentials, ClientConfig::default()).map_err(other)?;
    let identity = runtime()?
        .block_on(client.identity())
        .map_err(|error| other(format!("login failed: {error}")))?;
    credentials.tenant = identity.map(|identity| identity.tenant);
    Keyring::System.save(&credentials).map_err(other)?;
    eprintln!(
        "Logged in to {} as {}; the credentials are in the OS keyring.",
        credentials.endpoint, credentials.access_key_id
    );
    Ok(Outcome::Clean)
}

pub fn logout() -> Result<Outcome, CliError> {
    let keyring = Keyring::System;
    let saved = keyring.load().map_err(other)?;
    match saved {
        Some(saved) => {
            keyring.forget().map_err(other)?;
            eprintln!(
                "Logged out: removed the credentials for {} from the OS keyring.",
                saved.endpoint
            );
        }
        None => eprintln!("Not logged in: no credentials in the OS keyring."),
    }
    Ok(Outcome::Clean)
}

/// Shows who the credentials belong to, as the store reports it (`GET /v1/identity`); when
/// the store cannot say, what the keyring holds, with the reason on stderr. Never the secret.
pub fn whoami() -> Result<Outcome, CliError> {
    let (credentials, source) = credentials::resolve(&Keyring::System).map_err(other)?;
    let config = ClientConfig {
        connect_timeout: std::time::Duration::from_secs(5),
        request_timeout: std::time::Duration::from_secs(10),
        ..ClientConfig::default()
    };
    let asked = StoreClient::new(&credentials, config).and_then(|client| {
        runtime()
            .map_err(|error| CallError::Setup(error.to_string()))?
            .block_on(client.identity())
    });
    let (tenant, role) = match asked {
        Ok(Some(identity)) => (identity.tenant, identity.role),
        Ok(None) => (
            credentials
                .tenant
                .clone()
                .unwrap_or_else(|| "unknown (the store did not report it)".into()),
            "unknown (the store did not report it)".into(),
        ),
        Err(error) => {
            eprintln!("warning: cannot ask the store who this is: {error}");
            (
                credentials.tenant.clone().map_or_else(
                    || "unknown".into(),
                    |tenant| format!("{tenant} (as of login)"),
                ),
                "unknown".into(),
            )
        }
    };
    println!("endpoint: {}", credentials.endpoint);
    println!("access key id: {}", credentials.access_key_id);
    println!("tenant: {tenant}");
    println!("role: {role}");
    println!(
        "credentials from: {}",
        match source {
            Source::Keyring => "the OS keyring",
            Source::Environment => "the environment (CODEWARD_*)",
        }
    );
    Ok(Outcome::Clean)
}
