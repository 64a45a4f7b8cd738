//! Private spill storage (F3): one temporary directory per message (mode 0700),
//! files created new with mode 0600.

use std::io;
use std::path::{Path, PathBuf};

/// Makes a private temporary directory under `base` (or the system temp dir).
pub(crate) fn private_dir(base: Option<&Path>) -> io::Result<tempfile::TempDir> {
    let mut b = tempfile::Builder::new();
    b.prefix("soapstone-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o700));
    }
    match base {
        Some(dir) => b.tempdir_in(dir),
        None => b.tempdir(),
    }
}

/// Creates a new file (mode 0600) in the private directory.
pub(crate) async fn create_file(dir: &tempfile::TempDir) -> io::Result<(PathBuf, tokio::fs::File)> {
    let path = dir
        .path()
        .join(format!("part-{}", uuid::Uuid::new_v4().simple()));
    let mut opts = tokio::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    opts.mode(0o600);
    let file = opts.open(&path).await?;
    Ok((path, file))
}
