//! Which files a scan reads, what they are called in reports, and reading them safely.
//!
//! Folders are walked with the `ignore` crate: `.gitignore` (also outside a git repository),
//! `.ignore` and the config's `ignore` globs (`Config::ignore_matcher`) are respected; hidden files such as `.env` are
//! included, `.git/` is not. A file named on the command line is always scanned. Reading
//! never panics and never scans lossily: binary, oversized, non-UTF-8 and unreadable files
//! come back as a `SkipReason`. Knows nothing of rules or reports beyond that reason.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use ignore::gitignore::Gitignore;

use crate::report::SkipReason;

/// A binary file has a NUL byte within this many leading bytes.
const BINARY_PROBE: usize = 8 * 1024;

/// A file to scan: where it is, and its name in reports (relative to the root, with `/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    pub name: String,
}

/// The folder report paths are relative to: the current folder, unless the one folder
/// scanned lies outside it. `scan src` in a repository so reports `src/app.py`, the path
/// code scanning and editors expect; `scan /elsewhere/project` reports `app.py`.
pub fn scan_root(paths: &[PathBuf]) -> PathBuf {
    if let [only] = paths
        && only.is_dir()
        && let (Ok(folder), Ok(current)) = (std::fs::canonicalize(only), std::fs::canonicalize("."))
        && !folder.starts_with(current)
    {
        return only.clone();
    }
    PathBuf::from(".")
}

/// `path` written relative to `root` with `/`, or as given when outside it.
pub fn display_name(path: &Path, root: &Path) -> String {
    let canonical = |path: &Path| std::fs::canonicalize(path).ok();
    let relative = match (canonical(path), canonical(root)) {
        (Some(path), Some(root)) => path.strip_prefix(&root).ok().map(Path::to_path_buf),
        _ => None,
    };
    join_components(relative.as_deref().unwrap_or(path))
}

fn join_components(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter(|component| !matches!(component, Component::CurDir))
        .map(|component| match component {
            Component::RootDir => String::new(),
            other => other.as_os_str().to_string_lossy().into_owned(),
        })
        .collect();
    match parts.as_slice() {
        [] => String::new(),
        [only] if only.is_empty() => "/".to_owned(),
        _ => parts.join("/"),
    }
}

/// Every file to scan under `paths`, sorted by report name, without duplicates; and
/// warnings about parts of the tree that could not be walked.
pub fn collect(paths: &[PathBuf], root: &Path, ignored: &Gitignore) -> (Vec<Target>, Vec<String>) {
    let mut targets = BTreeMap::new();
    let mut warnings = Vec::new();
    for given in paths {
        if !given.is_dir() {
            let name = display_name(given, root);
            targets.insert(
                name.clone(),
                Target {
                    path: given.clone(),
                    name,
                },
            );
            continue;
        }
        let prefix = display_name(given, root);
        let base = given.clone();
        let name_of = move |path: &Path| -> String {
            let inner = join_components(path.strip_prefix(&base).unwrap_or(path));
            match (prefix.as_str(), inner.as_str()) {
                ("", inner) => inner.to_owned(),
                (prefix, "") => prefix.to_owned(),
                (prefix, inner) => format!("{prefix}/{inner}"),
            }
        };
        let filter_name = name_of.clone();
        let ignored = ignored.clone();
        let walker = ignore::WalkBuilder::new(given)
            .hidden(false)
            .require_git(false)
            .filter_entry(move |entry| {
                if entry.file_name() == ".git" {
                    return false;
                }
                let is_dir = entry.file_type().is_some_and(|kind| kind.is_dir());
                entry.depth() == 0
                    || !ignored
                        .matched(filter_name(entry.path()), is_dir)
                        .is_ignore()
            })
            .build();
        for entry in walker {
            // An unreadable folder or a broken ignore file costs that part, not the scan.
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    warnings.push(error.to_string());
                    continue;
                }
            };
            if entry.file_type().is_some_and(|kind| kind.is_file()) {
                let name = name_of(entry.path());
                targets.insert(
                    name.clone(),
                    Target {
                        path: entry.into_path(),
                        name,
                    },
                );
            }
        }
    }
    (targets.into_values().collect(), warnings)
}

/// The text of a file, or why it is not scanned. Files over `limit` bytes are not read.
pub fn read(path: &Path, limit: u64) -> Result<String, SkipReason> {
    let unreadable = |error: std::io::Error| SkipReason::Unreadable(error.to_string());
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    if size > limit {
        return Err(SkipReason::TooLarge { size, limit });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // One byte more than the limit tells a file that grew since `metadata` apart.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(SkipReason::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    if bytes[..bytes.len().min(BINARY_PROBE)].contains(&0) {
        return Err(SkipReason::Binary);
    }
    let mut text = String::from_utf8(bytes).map_err(|error| SkipReason::InvalidUtf8 {
        offset: error.utf8_error().valid_up_to(),
    })?;
    // Editors do not count a byte-order mark in columns; neither do reports.
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_use_forward_slashes_without_dot() {
        assert_eq!(join_components(Path::new("./src/app.py")), "src/app.py");
        assert_eq!(join_components(Path::new(".")), "");
        assert_eq!(join_components(Path::new("/tmp/x.py")), "/tmp/x.py");
    }
}
