//! `codeward store ...`: serve, keys create|list|revoke, audit verify, purge, rotate-master-key.
//!
//! Argument checking and printing only; the store itself lives in `crate::store`. Secrets are
//! printed once, by `keys create`, and never logged; a database URL is never printed with its
//! password.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};

use super::{CliError, Outcome};
use crate::store::service::MAX_RETENTION_DAYS;
use crate::store::{
    self, ApiConfig, Role, ServeError, StoreConfig, StoreSettings, SystemClock, Transport,
};

#[derive(Debug, Args)]
pub struct StoreArgs {
    #[command(subcommand)]
    command: StoreCommand,
    /// Where the database and master key file live (created on first start).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// A PostgreSQL URL instead of the embedded database; the key files stay in --data-dir.
    #[arg(long, global = true, value_name = "URL")]
    database: Option<String>,
    /// Where customer-managed keys are placed as `<key id>.key` (default: DIR/customer-keys).
    #[arg(long, global = true, value_name = "DIR")]
    customer_key_dir: Option<PathBuf>,
    /// Days uploaded source is kept: 1 to 10.
    #[arg(long, global = true, default_value_t = MAX_RETENTION_DAYS, value_name = "N")]
    retention_days: u32,
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
    /// Add a new master key version and re-wrap every data key under it (stop other store
    /// processes first, or restart them after).
    RotateMasterKey,
}

#[derive(Debug, Args)]
struct ServeArgs {
    #[arg(long, default_value = "127.0.0.1:8443", value_name = "ADDR")]
    listen: SocketAddr,
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
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
    if args.retention_days == 0 || args.retention_days > MAX_RETENTION_DAYS {
        return Err(CliError::Usage(format!(
            "--retention-days must be 1 to {MAX_RETENTION_DAYS}"
        )));
    }
    let config = StoreConfig {
        data_dir: args
            .data_dir
            .clone()
            .unwrap_or_else(store::default_data_dir),
        database: args.database.clone(),
        settings: StoreSettings {
            retention_days: args.retention_days,
            customer_key_dir: args.customer_key_dir.clone(),
        },
    };
    store::open_store_with(&config, Arc::new(SystemClock)).map_err(usage_or_other)
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
            let report = open(&args)?
                .purge()
                .context("running the retention sweep")?;
            println!(
                "purge: deleted {} expired source uploads, destroyed {} retention day keys",
                report.sources_deleted, report.day_keys_destroyed
            );
            Ok(Outcome::Clean)
        }
        StoreCommand::RotateMasterKey => {
            let mut store = open(&args)?;
            let (version, report) = store
                .rotate_master_key()
                .context("rotating the master key")?;
            println!(
                "master key version {version}: re-wrapped {} data keys ({} under customer keys left as they are)",
                report.rewrapped, report.unchanged
            );
            Ok(Outcome::Clean)
        }
    }
}

fn serve(args: &StoreArgs, serve_args: &ServeArgs) -> Result<Outcome, CliError> {
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
        let sweeper_store = store.clone();
        let server = store::start(store, serve_args.listen, transport, config)
            .await
            .map_err(usage_or_other)?;
        eprintln!("codeward store listening on {}", server.local_addr);
        let _sweeper = store::spawn_sweeper(sweeper_store, std::time::Duration::from_secs(3600));
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
