//! Owner-only files and folders: how each operating system keeps codeward's key files, store
//! database and outbox private, and where the user's data folder is. The only module that uses
//! `std::os::unix` outside tests (`tests/tidy.rs` checks that every use is behind
//! `#[cfg(unix)]`); it reads and writes no file contents.
//!
//! On Unix a private folder is made 0700 and a private file 0600, and a file that its group
//! or others may access is reported so that the caller can refuse it. On Windows (and any
//! other system without Unix modes) nothing is changed or checked: a new file or folder keeps
//! the ACLs it inherits from the folder it is made in. Under the user's profile
//! (`%LOCALAPPDATA%`, `%USERPROFILE%`) those give access to the user, SYSTEM and the
//! Administrators group only; a folder elsewhere needs ACLs as tight, set by whoever makes it.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// The folder under which codeward keeps per-user data: `$XDG_DATA_HOME`, else on Windows
/// `%LOCALAPPDATA%` (private to the user by its ACLs), else `~/.local/share`; `None` when
/// none is set.
pub fn user_data_folder() -> Option<PathBuf> {
    user_data_folder_from(|name| std::env::var_os(name), cfg!(windows))
}

/// `user_data_folder` with the environment and the system given.
fn user_data_folder_from(
    variable: impl Fn(&str) -> Option<OsString>,
    windows: bool,
) -> Option<PathBuf> {
    if let Some(folder) = variable("XDG_DATA_HOME") {
        return Some(PathBuf::from(folder));
    }
    if windows && let Some(folder) = variable("LOCALAPPDATA") {
        return Some(PathBuf::from(folder));
    }
    variable("HOME").map(|home| PathBuf::from(home).join(".local").join("share"))
}

/// Creates `folder` and any missing parents. On Unix `folder` itself is then made 0700 (the
/// parents keep the mode the umask gives them); on Windows it keeps its inherited ACLs.
pub fn create_private_folder(folder: &Path) -> io::Result<()> {
    fs::create_dir_all(folder)?;
    set_mode(folder, 0o700)
}

/// Makes an existing file readable and writable by its owner only: 0600 on Unix. On Windows
/// the file keeps its inherited ACLs.
pub fn make_owner_only(path: &Path) -> io::Result<()> {
    set_mode(path, 0o600)
}

/// Creates a new file for writing, failing if one exists. On Unix it is 0600 from the start,
/// so its contents are never readable by others, not even before a `chmod`; on Windows it
/// gets the ACLs it inherits.
pub fn create_owner_only_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// The permission bits (`mode & 0o777`) of a file that its group or others may access, for
/// the caller to refuse it (`chmod 600`); `None` when only its owner may. On Windows always
/// `None`: ACLs are not inspected.
#[cfg(unix)]
pub fn shared_permissions(metadata: &fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = metadata.permissions().mode();
    (mode & 0o077 != 0).then_some(mode & 0o777)
}

/// The permission bits of a file that others may access: never reported without Unix modes.
#[cfg(not(unix))]
pub fn shared_permissions(_metadata: &fs::Metadata) -> Option<u32> {
    None
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

/// Without Unix modes a file keeps the ACLs it inherits.
#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(variables: &[(&str, &str)], windows: bool, expected: Option<&Path>) {
        let variable = |name: &str| {
            variables
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| OsString::from(value))
        };
        assert_eq!(
            user_data_folder_from(variable, windows).as_deref(),
            expected,
            "{variables:?} windows={windows}"
        );
    }

    const ALL: &[(&str, &str)] = &[
        ("XDG_DATA_HOME", "/xdg"),
        ("LOCALAPPDATA", "C:/Users/a/AppData/Local"),
        ("HOME", "/home/a"),
    ];

    #[test]
    fn xdg_data_home_comes_first_everywhere() {
        check(ALL, false, Some(Path::new("/xdg")));
        check(ALL, true, Some(Path::new("/xdg")));
    }

    #[test]
    fn windows_uses_local_app_data_before_home() {
        let local = Some(Path::new("C:/Users/a/AppData/Local"));
        let share = Path::new("/home/a").join(".local").join("share");
        check(&ALL[1..], true, local);
        check(&ALL[1..2], true, local);
        check(&ALL[2..], true, Some(&share));
    }

    #[test]
    fn unix_uses_home_and_never_local_app_data() {
        let share = Path::new("/home/a").join(".local").join("share");
        check(&ALL[1..], false, Some(&share));
        check(&ALL[1..2], false, None);
    }
}
