//! `codeward scan [PATH...]`: load rules and config, walk, scan in parallel, report.
//!
//! The edge between the pure engine and the world: reads files (through `files`), prints
//! notes on stderr (and a progress bar only when stderr is a terminal), writes the report to
//! stdout or atomically to `--output`. Exit codes follow DESIGN.md: 1 when a finding at or
//! above the threshold remains, 2 for bad paths, names, config or rule files, 3 otherwise.
//! It holds no finding logic; `--sync` hands the finished report to `sync_cmd`.

mod files;
mod name;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;

use super::rules_cmd::load_rules;
use super::{CliError, Outcome};
use crate::config::{self, Config};
use crate::engine::{self, CancelToken, Document};
use crate::lang::Language;
use crate::report::{self, FileReport, Report, Skipped};
use crate::rules::{RuleSet, Severity};
use crate::testcode::TestCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Grouped by file, coloured on a terminal.
    Text,
    /// The documented JSON shape (see `report::json`).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
}

#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// Files and folders to scan (the current folder by default). A file named here is
    /// scanned even when ignored.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report to FILE instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The config file (default: `.codeward.toml` at the scan root, if present).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Extra rule folders (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    rule_dirs: Vec<PathBuf>,
    /// Report and fail only on findings at or above LEVEL: info, low, medium, high, critical.
    #[arg(long, value_name = "LEVEL", value_parser = parse_severity)]
    min_severity: Option<Severity>,
    /// A name for this scan, kept in JSON and SARIF (no e-mail addresses or secrets).
    #[arg(long = "name", value_name = "SCAN_NAME")]
    scan_name: Option<String>,
    /// Queue a scan record for the team store and deliver it (see `codeward login`).
    #[arg(long)]
    sync: bool,
    /// With --sync: also upload the scanned files' source (secrets found in it masked); the
    /// store keeps it encrypted for at most 10 days, the local outbox too.
    #[arg(long, requires = "sync")]
    upload_source: bool,
    /// Report findings in test code too (tests, fixtures, test data; by default only real
    /// credentials found there are reported). Same as `include-tests = true`.
    #[arg(long)]
    include_tests: bool,
}

fn parse_severity(text: &str) -> Result<Severity, String> {
    Severity::parse(text)
        .ok_or_else(|| "expected one of info, low, medium, high, critical".to_owned())
}

/// Settings in force once the command line and the config file are merged.
#[derive(Debug)]
struct Settings {
    rules: RuleSet,
    min_severity: Severity,
    max_file_size: u64,
    ignore: ignore::gitignore::Gitignore,
    test_code: TestCode,
    include_tests: bool,
}

pub fn run(args: ScanArgs) -> Result<Outcome, CliError> {
    let started_at = std::time::SystemTime::now();
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    for path in &paths {
        if std::fs::symlink_metadata(path).is_err() {
            return Err(CliError::Usage(format!(
                "path does not exist: {}",
                path.display()
            )));
        }
    }
    let root = files::scan_root(&paths);
    let settings = settings(&args, &paths, &root)?;
    if let Some(scan_name) = &args.scan_name {
        name::check(scan_name, &settings.rules)?;
    }
    let (targets, walk_warnings) = files::collect(&paths, &root, &settings.ignore);
    let (scanned, skipped) = scan_targets(&targets, &settings);
    let mut stderr = std::io::stderr().lock();
    for warning in &walk_warnings {
        let _ = writeln!(stderr, "warning: {warning}");
    }
    for skip in &skipped {
        let _ = writeln!(stderr, "note: skipped {}: {}", skip.path, skip.reason);
    }
    for error in scanned.iter().flat_map(|file| &file.errors) {
        let _ = writeln!(stderr, "warning: {error}");
    }
    let left_out: usize = scanned.iter().map(|file| file.test_code_left_out).sum();
    if left_out > 0 && args.format != Format::Text {
        let _ = writeln!(
            stderr,
            "note: {left_out} finding{} in test code left out (--include-tests reports them)",
            if left_out == 1 { "" } else { "s" }
        );
    }
    drop(stderr);
    let report = Report {
        scan_name: args.scan_name.clone(),
        rules: settings.rules,
        root_uri: root_uri(&root),
        min_severity: settings.min_severity,
        files: scanned,
        skipped,
    };
    write_report(&report, args.format, args.output.as_deref())?;
    if args.sync {
        super::sync_cmd::after_scan(
            &report,
            &root,
            args.scan_name.as_deref(),
            started_at,
            args.upload_source,
        )?;
    }
    Ok(if report.findings().next().is_some() {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn settings(args: &ScanArgs, paths: &[PathBuf], root: &Path) -> Result<Settings, CliError> {
    let config_path = match &args.config {
        Some(path) if !path.is_file() => {
            return Err(CliError::Usage(format!(
                "config file does not exist: {}",
                path.display()
            )));
        }
        Some(path) => Some(path.clone()),
        // The one folder scanned, then the root (`.codeward.toml` rather than `./...`).
        None => [
            paths
                .first()
                .map(PathBuf::as_path)
                .filter(|_| paths.len() == 1),
            Some(root),
        ]
        .into_iter()
        .flatten()
        .map(|folder| match folder.to_str() {
            Some(".") => PathBuf::from(config::FILE_NAME),
            _ => folder.join(config::FILE_NAME),
        })
        .find(|path| path.is_file()),
    };
    let config = match &config_path {
        Some(path) => Config::load(path).map_err(|error| CliError::Usage(error.to_string()))?,
        None => Config::default(),
    };
    let mut rule_dirs = config.extra_rule_dirs();
    rule_dirs.extend(args.rule_dirs.iter().cloned());
    let (rules, warnings) = config.apply(&load_rules(&rule_dirs)?);
    for warning in warnings {
        let file = config_path
            .as_deref()
            .unwrap_or(Path::new(config::FILE_NAME));
        eprintln!("warning: {}: {warning}", file.display());
    }
    Ok(Settings {
        rules,
        min_severity: args
            .min_severity
            .or(config.min_severity)
            .unwrap_or(Severity::Info),
        max_file_size: config.file_size_limit(),
        test_code: config.test_code(),
        include_tests: args.include_tests || config.include_tests,
        ignore: config.ignore_matcher(),
    })
}

/// Reads and scans every target in parallel; results come back in target (path) order.
fn scan_targets(targets: &[files::Target], settings: &Settings) -> (Vec<FileReport>, Vec<Skipped>) {
    let progress = progress_bar(targets.len() as u64);
    let cancel = CancelToken::new();
    let results: Vec<Result<FileReport, Skipped>> = targets
        .par_iter()
        .map(|target| {
            let result = scan_one(target, settings, &cancel);
            progress.inc(1);
            result
        })
        .collect();
    progress.finish_and_clear();
    let mut scanned = Vec::new();
    let mut skipped = Vec::new();
    for result in results {
        match result {
            Ok(file) => scanned.push(file),
            Err(skip) => skipped.push(skip),
        }
    }
    (scanned, skipped)
}

fn scan_one(
    target: &files::Target,
    settings: &Settings,
    cancel: &CancelToken,
) -> Result<FileReport, Skipped> {
    let text = files::read(&target.path, settings.max_file_size).map_err(|reason| Skipped {
        path: target.name.clone(),
        reason,
    })?;
    let first_line = text.lines().next().unwrap_or_default();
    let document = Document {
        path: &target.name,
        language: Language::from_path(&target.path, first_line),
        text: &text,
    };
    let mut scan = engine::scan(&document, &settings.rules, cancel);
    let found = scan.findings.len();
    scan.findings.retain(|finding| {
        settings
            .test_code
            .keeps(&target.name, settings.include_tests, finding)
    });
    let left_out = found - scan.findings.len();
    let mut file = FileReport::new(&target.name, &text, scan, settings.min_severity);
    file.test_code_left_out = left_out;
    Ok(file)
}

fn progress_bar(length: u64) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(length),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("scanning {bar:30} {pos}/{len} files {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}

/// `file:///abs/root/` for SARIF; `None` if the root cannot be resolved.
fn root_uri(root: &Path) -> Option<String> {
    let absolute = std::fs::canonicalize(root).ok()?;
    let text = absolute.to_string_lossy().replace('\\', "/");
    let text = text.trim_end_matches('/');
    let leading = if text.starts_with('/') { "" } else { "/" };
    Some(format!(
        "file://{leading}{}/",
        report::sarif::encode_uri_path(text).replace("%3A", ":")
    ))
}

fn write_report(report: &Report, format: Format, output: Option<&Path>) -> Result<(), CliError> {
    let rendered = match format {
        Format::Text => report::text::render(report),
        Format::Json => report::json::render(report),
        Format::Sarif => report::sarif::render(report),
    };
    match output {
        None => {
            let mut stdout = anstream::AutoStream::auto(std::io::stdout().lock());
            stdout
                .write_all(rendered.as_bytes())
                .and_then(|()| stdout.flush())
                .context("writing the report to stdout")?;
        }
        Some(path) => {
            let plain = anstream::adapter::strip_str(&rendered).to_string();
            write_atomically(path, plain.as_bytes())?;
        }
    }
    Ok(())
}

/// Writes a temporary file beside `path`, then renames it over `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(folder)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.persist(path)
        .map_err(|error| error.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
