//! Safe writes (DESIGN.md section 4, "Files"): each file is written to a temporary file in
//! its target directory, created 0600 from the first byte, synced, then renamed into
//! place. Existing files are never replaced without `force`, symlinks never followed, and
//! a set of files lands whole or not at all.

use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

/// One file to write.
pub struct Planned {
    pub path: PathBuf,
    pub contents: Vec<u8>,
    /// Private files stay 0600; public ones become 0644 (readable, as a JWKS must be).
    pub private: bool,
}

impl Planned {
    pub fn new(path: PathBuf, contents: impl Into<Vec<u8>>, private: bool) -> Self {
        Planned {
            path,
            contents: contents.into(),
            private,
        }
    }

    pub fn mode(&self) -> u32 {
        if self.private {
            0o600
        } else {
            0o644
        }
    }
}

fn io_error(what: &str, path: &Path, err: std::io::Error) -> Error {
    Error::safety(
        "write_failed",
        format!("cannot {what} {}: {err}", path.display()),
    )
}

/// Whether a destination is replaced: nothing there, no; something there, only with
/// `force`. What `force` replaces is the entry itself, whatever its kind (a file, a symbolic
/// link, a named pipe), by an atomic rename, so nothing is ever written through a link; a
/// directory cannot be replaced by a file and is always refused.
fn check_destination(path: &Path, force: bool) -> Result<bool> {
    let meta = match fs::symlink_metadata(path) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(err) => return Err(io_error("inspect", path, err)),
        Ok(meta) => meta,
    };
    if meta.is_dir() {
        return Err(Error::safety(
            "not_a_file",
            format!("{} is a directory; it was left unchanged", path.display()),
        )
        .hint("choose another --out-dir / --name"));
    }
    if force {
        return Ok(true);
    }
    Err(if meta.file_type().is_symlink() {
        Error::safety(
            "symlink",
            format!(
                "{} is a symbolic link; oauthctl never writes through one",
                path.display()
            ),
        )
        .hint("pass --force to replace the link itself (its target is left alone), or choose another output path")
    } else if meta.is_file() {
        Error::safety(
            "file_exists",
            format!("{} already exists; it was left unchanged", path.display()),
        )
        .hint("pass --force to replace it, or choose another --out-dir / --name")
    } else {
        Error::safety(
            "not_a_file",
            format!(
                "{} exists and is not a regular file; it was left unchanged",
                path.display()
            ),
        )
        .hint("pass --force to replace it, or choose another --out-dir / --name")
    })
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn stage(file: &Planned) -> Result<NamedTempFile> {
    let dir = parent_of(&file.path);
    // tempfile creates the file with O_EXCL and mode 0600, so a private key is never
    // readable by others, even for an instant and whatever the umask.
    let mut temp = tempfile::Builder::new()
        .prefix(".oauthctl-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| io_error("create a file in", dir, e))?;
    temp.write_all(&file.contents)
        .map_err(|e| io_error("write", temp.path(), e))?;
    temp.as_file()
        .set_permissions(fs::Permissions::from_mode(file.mode()))
        .map_err(|e| io_error("set permissions on", temp.path(), e))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| io_error("sync", temp.path(), e))?;
    Ok(temp)
}

/// Write every file or none.
pub fn write_all(files: &[Planned], force: bool) -> Result<()> {
    let mut replacing = Vec::with_capacity(files.len());
    for file in files {
        replacing.push(check_destination(&file.path, force)?);
    }
    let mut staged = Vec::with_capacity(files.len());
    for file in files {
        staged.push(stage(file)?);
    }
    // Keep a hard link to every file about to be replaced, so a failure part-way can put
    // the old set back.
    let mut backups: Vec<Option<PathBuf>> = Vec::with_capacity(files.len());
    for (file, &replaces) in files.iter().zip(&replacing) {
        backups.push(if replaces {
            let backup = backup_path(&file.path);
            fs::hard_link(&file.path, &backup).map_err(|e| io_error("back up", &file.path, e))?;
            Some(backup)
        } else {
            None
        });
    }
    let mut committed = 0;
    let mut failure = None;
    for ((temp, file), &replaces) in staged.into_iter().zip(files).zip(&replacing) {
        let result = if replaces {
            temp.persist(&file.path).map(|_| ())
        } else {
            temp.persist_noclobber(&file.path).map(|_| ())
        };
        if let Err(err) = result {
            failure = Some(io_error("move into place", &file.path, err.error));
            break;
        }
        committed += 1;
    }
    if let Some(err) = failure {
        for (file, backup) in files.iter().zip(&backups).take(committed) {
            match backup {
                Some(backup) => drop(fs::rename(backup, &file.path)),
                None => drop(fs::remove_file(&file.path)),
            }
        }
        for backup in backups.iter().skip(committed).flatten() {
            drop(fs::remove_file(backup));
        }
        return Err(err);
    }
    for backup in backups.iter().flatten() {
        drop(fs::remove_file(backup));
    }
    let mut dirs: Vec<&Path> = files.iter().map(|f| parent_of(&f.path)).collect();
    dirs.dedup();
    for dir in dirs {
        // Make the renames durable; some filesystems refuse to sync a directory.
        if let Ok(handle) = File::open(dir) {
            drop(handle.sync_all());
        }
    }
    Ok(())
}

fn backup_path(path: &Path) -> PathBuf {
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).ok();
    let suffix: String = random.iter().map(|b| format!("{b:02x}")).collect();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    parent_of(path).join(format!(".{name}.{suffix}.bak"))
}
