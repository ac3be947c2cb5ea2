//! The cassette's file: an existing file that is not a cassette is never replaced, and a
//! cassette is opened for appending, emptied, readable by its owner only.

use std::fs::File;
use std::io::BufRead as _;
use std::path::Path;

use crate::cassette;

/// Refuses to replace a file that exists, is not empty, and is not a cassette (a mistyped
/// path must not destroy a document). Devices and pipes are written to as they are.
pub(super) fn refuse_other_files(path: &Path) -> Result<(), String> {
    let Ok(metadata) = std::fs::metadata(path) else {
        return Ok(());
    };
    if metadata.is_dir() {
        return Err("it is a directory".into());
    }
    if !metadata.is_file() || metadata.len() == 0 {
        return Ok(());
    }
    let Ok(file) = File::open(path) else {
        // Opening it for writing says why.
        return Ok(());
    };
    let mut first = Vec::new();
    let reader = std::io::BufReader::new(file);
    let _ = std::io::Read::take(reader, 64 * 1024).read_until(b'\n', &mut first);
    if cassette::Lines::new(first.as_slice()).is_ok() {
        Ok(())
    } else {
        Err(
            "the file exists and is not a cassette; it is not replaced (give another path, or \
             remove it)"
                .into(),
        )
    }
}

/// Opens the cassette for appending, emptied; a new file readable by its owner only (it may
/// hold personal data). Appending: each line goes at the end of the file, whole, whatever
/// else writes to it.
pub(super) fn open(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    if file.metadata()?.is_file() {
        file.set_len(0)?;
    }
    Ok(file)
}
