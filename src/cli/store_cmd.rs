//! `codeward store ...`: serve, keys create|list|revoke, audit verify, purge.
//!
//! Argument checking and printing only; the store itself lives in `crate::store`. Secrets are
//! printed once, by `keys create`, and never logged. Not yet here: `--database postgres://`
//! (refused with exit 2 until PostgreSQL support lands).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};

use super::{CliError, Outcome};
use crate::store::{self, ApiConfig, Role, ServeError, SystemClock, Transport};

/// The most days uploaded source may be kept (data contract item 1).
const MAX_RETENTION_DAYS: u32 = 10;

#[derive(Debug, Args)]
pub struct StoreArgs {
    #[command(subcommand)]
    command: StoreCommand,
    /// Where the database and master key file live (created on first start).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// A PostgreSQL URL instead of the embedded database (not supported yet).
    #[arg(long, global = true, value_name = "URL")]
    database: Option<String>,
}

#[derive(Debug, Subcommand)]
enum StoreCommand {
    /// Serve wire protocol v1 over TLS.
    Serve(ServeArgs),
    /// Create, list and revoke access keys.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Check the audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Run the retention sweep now.
    Purge,
}

#[derive(Debug, Args)]
struct ServeArgs {
    #[arg(long, default_value = "127.0.0.1:8443", value_name = "ADDR")]
    listen: SocketAddr,
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Days uploaded source is kept: at most 10.
    #[arg(long, default_value_t = MAX_RETENTION_DAYS, value_name = "N")]
    retention_days: u32,
    /// Serve plain HTTP, for development on a loopback address only.
    #[arg(long, conflicts_with_all = ["tls_cert", "tls_key"])]
    insecure_loopback_http: bool,
    /// The SigV4 region clients sign for.
    #[arg(long, default_value = "local")]
    region: String,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RoleArg {
    Reader,
    Writer,
    Admin,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum KeyFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
enum KeysCommand {
    /// Create an access key; its secret is printed once.
    Create {
        #[arg(long)]
        tenant: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        #[arg(long, value_enum, default_value_t = KeyFormat::Text)]
        format: KeyFormat,
    },
    /// List access keys (never their secrets).
    List,
    /// Revoke an access key: its signatures are refused from now on.
    Revoke { access_key_id: String },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Check the audit chain; exit 3 and name the first broken event if it was altered.
    Verify,
}

fn usage_or_other(error: ServeError) -> CliError {
    match error {
        ServeError::Usage(message) => CliError::Usage(message),
        other => CliError::Other(anyhow::Error::new(other)),
    }
}

fn open(args: &StoreArgs) -> Result<store::Store, CliError> {
    if args.database.is_some() {
        return Err(CliError::Usage(
            "--database (PostgreSQL) is not supported yet; use --data-dir".into(),
        ));
    }
    let data_dir = args
        .data_dir
        .clone()
        .unwrap_or_else(store::default_data_dir);
    store::open_store(&data_dir, Arc::new(SystemClock)).map_err(usage_or_other)
}

pub fn run(args: StoreArgs) -> Result<Outcome, CliError> {
    match &args.command {
        StoreCommand::Serve(serve_args) => serve(&args, serve_args),
        StoreCommand::Keys { command } => keys(&args, command),
        StoreCommand::Audit {
            command: AuditCommand::Verify,
        } => {
            let store = open(&args)?;
            match store.verify_audit().context("reading the audit log")? {
                Ok(report) => {
                    println!(
                        "audit log intact: {} events, head {}",
                        report.events, report.head_hash
                    );
                    Ok(Outcome::Clean)
                }
                Err(broken) => Err(CliError::Other(anyhow::anyhow!(
                    "audit log altered: {broken}"
                ))),
            }
        }
        StoreCommand::Purge => {
            open(&args)?;
            // Only uploaded source expires, and source upload is not implemented yet: nothing
            // can be due. Scans and findings are kept until deleted (data contract item 2).
            println!("purge: nothing to delete (no uploaded source is stored)");
            Ok(Outcome::Clean)
        }
    }
}

fn serve(args: &StoreArgs, serve_args: &ServeArgs) -> Result<Outcome, CliError> {
    if serve_args.retention_days == 0 || serve_args.retention_days > MAX_RETENTION_DAYS {
        return Err(CliError::Usage(format!(
            "--retention-days must be 1 to {MAX_RETENTION_DAYS}"
        )));
    }
    let transport = match (
        &serve_args.tls_cert,
        &serve_args.tls_key,
        serve_args.insecure_loopback_http,
    ) {
        (Some(cert), Some(key), false) => Transport::Tls(Box::new(
            store::tls_config(cert, key).map_err(usage_or_other)?,
        )),
        (None, None, true) => Transport::InsecureLoopbackHttp,
        _ => {
            return Err(CliError::Usage(
                "give --tls-cert and --tls-key (or --insecure-loopback-http on a loopback address)"
                    .into(),
            ));
        }
    };
    let store = Arc::new(open(args)?);
    let config = ApiConfig {
        region: serve_args.region.clone(),
        ..ApiConfig::default()
    };
    let runtime = tokio::runtime::Runtime::new().context("starting the runtime")?;
    runtime.block_on(async {
        let server = store::start(store, serve_args.listen, transport, config)
            .await
            .map_err(usage_or_other)?;
        eprintln!("codeward store listening on {}", server.local_addr);
        tokio::select! {
            result = tokio::signal::ctrl_c() => { result.context("waiting for Ctrl-C")?; }
            result = async { server.wait().await } => { result.context("serving")?; }
        }
        Ok(Outcome::Clean)
    })
}

fn keys(args: &StoreArgs, command: &KeysCommand) -> Result<Outcome, CliError> {
    let store = open(args)?;
    match command {
        KeysCommand::Create {
            tenant,
            role,
            format,
        } => {
            let role = match role {
                RoleArg::Reader => Role::Reader,
                RoleArg::Writer => Role::Writer,
                RoleArg::Admin => Role::Admin,
            };
            let key = store
                .create_access_key(tenant, role)
                .map_err(|error| match error {
                    store::service::StoreError::BadRequest(message) => CliError::Usage(message),
                    other => CliError::Other(other.into()),
                })?;
            match format {
                KeyFormat::Json => println!(
                    "{}",
                    serde_json::json!({
                        "accessKeyId": key.access_key_id,
                        "secretAccessKey": key.secret_access_key,
                        "tenant": key.tenant,
                        "role": key.role.as_str(),
                    })
                ),
                KeyFormat::Text => {
                    println!("accessKeyId:     {}", key.access_key_id);
                    println!("secretAccessKey: {}", key.secret_access_key);
                    println!("tenant: {}  role: {}", key.tenant, key.role.as_str());
                    eprintln!(
                        "the secret is shown only now; store it in a keyring (`codeward login`)"
                    );
                }
            }
        }
        KeysCommand::List => {
            for key in store.access_keys().context("listing keys")? {
                let state = if key.revoked_at.is_some() {
                    "revoked"
                } else {
                    "active"
                };
                println!(
                    "{}\t{}\t{}\t{}",
                    key.access_key_id, key.tenant, key.role, state
                );
            }
        }
        KeysCommand::Revoke { access_key_id } => {
            store
                .revoke_access_key(access_key_id)
                .map_err(|error| match error {
                    store::service::StoreError::NotFound(what) => {
                        CliError::Usage(format!("no {what}"))
                    }
                    other => CliError::Other(other.into()),
                })?;
            println!("revoked {access_key_id}");
        }
    }
    Ok(Outcome::Clean)
}
