//! The command line: argument parsing, dispatch, and the one table that maps errors to exit
//! codes (0 clean, 1 findings, 2 bad usage/config/rule file, 3 anything else).
//!
//! The edge of the program: IO and `anyhow` context live here, not in the engine.

mod login_cmd;
mod rules_cmd;
mod rules_report;
mod scan_cmd;
mod scans_cmd;
mod store_cmd;
mod sync_cmd;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// An error at the edge, with the exit code it maps to.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad usage, configuration or rule file: exit 2.
    #[error("{0}")]
    Usage(String),
    /// Anything else that failed: exit 3.
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Other(_) => 3,
        }
    }
}

/// What a command reports back: clean, or findings at or above the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    Findings,
}

#[derive(Debug, Parser)]
#[command(
    name = "codeward",
    version,
    about = "Security findings as you type, and in CI",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Scan files and folders (the current folder by default).
    Scan(scan_cmd::ScanArgs),
    /// Run the language server on stdin and stdout.
    Lsp,
    /// List, explain and test rules.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Run and administer the team store server.
    Store(store_cmd::StoreArgs),
    /// Check an access key against a store and keep it in the OS keyring.
    Login(login_cmd::LoginArgs),
    /// Remove the stored access key from the OS keyring.
    Logout,
    /// Show the store, access key id and tenant in use (never the secret).
    Whoami,
    /// Deliver queued scan records to the store now, or show them (--status).
    Sync(sync_cmd::SyncArgs),
    /// Read scans back from the store.
    Scans {
        #[command(subcommand)]
        command: ScansCommand,
    },
    /// Read findings back from the store.
    Findings {
        #[command(subcommand)]
        command: FindingsCommand,
    },
}

#[derive(Debug, Subcommand)]
enum ScansCommand {
    /// List the scans in the store.
    List {
        #[arg(long, value_enum, default_value_t = scans_cmd::ReadFormat::Text)]
        format: scans_cmd::ReadFormat,
    },
}

#[derive(Debug, Subcommand)]
enum FindingsCommand {
    /// List findings in the store.
    List(scans_cmd::FindingsArgs),
}

#[derive(Debug, Subcommand)]
enum RulesCommand {
    /// List the rules in effect.
    List {
        /// Extra rule folders (repeatable).
        #[arg(long = "rules", value_name = "DIR")]
        rule_dirs: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Show a rule's description, remediation and references.
    Explain {
        rule_id: String,
        #[arg(long = "rules", value_name = "DIR")]
        rule_dirs: Vec<PathBuf>,
    },
    /// Print the syntax tree of a file, with field names: what rule queries match against.
    Parse {
        file: PathBuf,
        /// The language, when the extension does not say (python, javascript, typescript,
        /// tsx, java, go).
        #[arg(long)]
        language: Option<String>,
    },
    /// Check every rule in DIR (the built-in pack by default) against its fixtures; with
    /// `--report`, score the rules on the labelled corpus in DIR (tests/corpus by default).
    Test {
        dir: Option<PathBuf>,
        /// Print every rule checked, not only failures (with `--report`: per family and
        /// language, and findings on unlabelled lines).
        #[arg(long, short)]
        verbose: bool,
        /// Print TPR, FPR and Youden's J per language and family over a labelled corpus;
        /// exit 1 when a language misses the targets.
        #[arg(long)]
        report: bool,
        /// With `--report`: rule folders used on top of the built-in pack (repeatable).
        #[arg(long = "rules", value_name = "DIR", requires = "report")]
        rule_dirs: Vec<PathBuf>,
        /// With `--report`: the lowest true positive rate (percent) a language may have.
        #[arg(long, default_value_t = 90.0, requires = "report")]
        min_tpr: f64,
        /// With `--report`: the highest false positive rate (percent) a language may have.
        #[arg(long, default_value_t = 10.0, requires = "report")]
        max_fpr: f64,
        /// Also rewrite every labelled case in ways that keep its meaning (renamed locals,
        /// qualified and aliased imports, values through locals and helpers, constant
        /// branches) and print how many variants keep their label, per language and
        /// transformation; exit 1 when a language misses the targets.
        #[arg(long)]
        variants: bool,
        /// With `--variants`: the lowest percent of positive variants still reported.
        #[arg(long, default_value_t = 95.0, requires = "variants")]
        min_survival: f64,
        /// With `--variants`: the highest percent of negative variants reported.
        #[arg(long, default_value_t = 3.0, requires = "variants")]
        max_flips: f64,
    },
    /// Print the variants `rules test --variants` makes of the case on one line of a file.
    Variants {
        file: PathBuf,
        /// The one-based line of the case.
        #[arg(long)]
        line: u32,
        /// Only this transformation (rename, qualify, alias, hoist-receiver, intermediate,
        /// helper, map, list, true-branch, false-branch, map-other-key).
        #[arg(long)]
        transform: Option<String>,
        /// The language, when the extension does not say.
        #[arg(long)]
        language: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

/// Parses the command line, runs the command and maps the result to an exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(match error.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 2,
            });
        }
    };
    match run(cli) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(error) => {
            match &error {
                CliError::Usage(message) => eprintln!("error: {message}"),
                CliError::Other(error) => eprintln!("error: {error:#}"),
            }
            ExitCode::from(error.exit_code())
        }
    }
}

fn run(cli: Cli) -> Result<Outcome, CliError> {
    match cli.command {
        Command::Scan(args) => scan_cmd::run(args),
        Command::Lsp => {
            crate::lsp::run_stdio()?;
            Ok(Outcome::Clean)
        }
        Command::Store(args) => store_cmd::run(args),
        Command::Login(args) => login_cmd::login(args),
        Command::Logout => login_cmd::logout(),
        Command::Whoami => login_cmd::whoami(),
        Command::Sync(args) => sync_cmd::run(args),
        Command::Scans {
            command: ScansCommand::List { format },
        } => scans_cmd::scans(format),
        Command::Findings {
            command: FindingsCommand::List(args),
        } => scans_cmd::findings(args),
        Command::Rules { command } => match command {
            RulesCommand::List { rule_dirs, format } => {
                rules_cmd::list(&rule_dirs, matches!(format, ListFormat::Json))
            }
            RulesCommand::Explain { rule_id, rule_dirs } => {
                rules_cmd::explain(&rule_id, &rule_dirs)
            }
            RulesCommand::Parse { file, language } => rules_cmd::parse(&file, language.as_deref()),
            RulesCommand::Test {
                dir,
                verbose,
                report,
                rule_dirs,
                min_tpr,
                max_fpr,
                variants,
                min_survival,
                max_flips,
            } => {
                let variants = variants.then_some(rules_cmd::VariantTargets {
                    min_survival,
                    max_flips,
                });
                if report {
                    rules_report::report(&rules_report::ReportOptions {
                        corpus: dir.as_deref().unwrap_or(Path::new("tests/corpus")),
                        rule_dirs: &rule_dirs,
                        min_tpr,
                        max_fpr,
                        verbose,
                        variants,
                    })
                } else {
                    rules_cmd::test(dir.as_deref(), verbose, variants)
                }
            }
            RulesCommand::Variants {
                file,
                line,
                transform,
                language,
            } => rules_cmd::variants(&file, line, transform.as_deref(), language.as_deref()),
        },
    }
}
