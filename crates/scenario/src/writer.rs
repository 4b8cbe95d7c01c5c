//! Output plumbing: buffered files, row counting and progress reports.

use anyhow::{Context, Result};
use std::cell::Cell;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Reports rows written so far to the caller's callback, every few thousand rows.
pub struct Progress<'a> {
    done: Cell<u64>,
    reported: Cell<u64>,
    callback: &'a dyn Fn(u64),
}

impl<'a> Progress<'a> {
    /// Wraps a callback.
    pub fn new(callback: &'a dyn Fn(u64)) -> Self {
        Progress {
            done: Cell::new(0),
            reported: Cell::new(0),
            callback,
        }
    }

    /// Counts one more row.
    pub fn tick(&self) {
        let d = self.done.get() + 1;
        self.done.set(d);
        if d - self.reported.get() >= 16_384 {
            self.flush();
        }
    }

    /// Reports the current count now.
    pub fn flush(&self) {
        self.reported.set(self.done.get());
        (self.callback)(self.done.get());
    }
}

/// Opens a buffered file for writing, naming it in errors.
pub fn create(path: &Path) -> Result<BufWriter<File>> {
    let f = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    Ok(BufWriter::with_capacity(1 << 16, f))
}

/// A CSV writer on a new file.
pub fn csv(path: &Path) -> Result<csv::Writer<BufWriter<File>>> {
    Ok(csv::WriterBuilder::new().from_writer(create(path)?))
}

/// Writes a small text file at once.
pub fn write_text(path: &Path, text: &str) -> Result<()> {
    let mut f = create(path)?;
    f.write_all(text.as_bytes())?;
    f.flush()?;
    Ok(())
}
