//! The exhibit vault: digital copies kept content-addressed by SHA-256 under a directory
//! (`<root>/ab/cdef…`, the hash's first two hex digits as a fan-out directory). A copy is
//! written to a temporary file while hashed, then renamed into place, so a crash never leaves
//! a half-written file under a hash name; identical copies are stored once.

use crate::{CaseError, Result};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// A content-addressed directory of exhibit files.
#[derive(Debug, Clone)]
pub struct Vault {
    root: PathBuf,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CaseError + '_ {
    move |source| CaseError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Streams `reader` into `sink` while hashing it; the SHA-256 (hex) and byte count.
fn copy_hashed(mut reader: impl Read, mut sink: impl Write) -> std::io::Result<(String, u64)> {
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        sink.write_all(&buf[..n])?;
        size += n as u64;
    }
    sink.flush()?;
    Ok((hex(&h.finalize()), size))
}

/// SHA-256 (hex) and size of a file.
pub fn hash_file(path: &Path) -> Result<(String, u64)> {
    let f = std::fs::File::open(path).map_err(io(path))?;
    copy_hashed(f, std::io::sink()).map_err(io(path))
}

/// Whether a string is a SHA-256 in lower-case hex.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl Vault {
    /// A vault rooted at a directory (created when the first file is stored).
    pub fn new(root: impl Into<PathBuf>) -> Vault {
        Vault { root: root.into() }
    }

    /// The default vault of a database: `<db file>.exhibits` beside it.
    pub fn beside(db: &Path) -> Vault {
        let mut name = db.as_os_str().to_owned();
        name.push(".exhibits");
        Vault::new(PathBuf::from(name))
    }

    /// The directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the file with this hash is kept.
    pub fn path(&self, sha256: &str) -> PathBuf {
        self.root.join(&sha256[..2]).join(&sha256[2..])
    }

    /// Copies a file into the vault; its SHA-256 and size. An identical copy already there is
    /// kept as it is.
    pub fn put(&self, src: &Path) -> Result<(String, u64)> {
        let tmp_dir = self.root.join("tmp");
        std::fs::create_dir_all(&tmp_dir).map_err(io(&tmp_dir))?;
        let tmp = tmp_dir.join(format!(
            "{}-{:?}.part",
            std::process::id(),
            std::thread::current().id()
        ));
        let result = (|| {
            let input = std::fs::File::open(src).map_err(io(src))?;
            let out = std::fs::File::create(&tmp).map_err(io(&tmp))?;
            let (sha, size) = copy_hashed(input, std::io::BufWriter::new(&out)).map_err(io(src))?;
            out.sync_all().map_err(io(&tmp))?;
            let dest = self.path(&sha);
            if !dest.exists() {
                let dir = dest.parent().unwrap_or(&self.root);
                std::fs::create_dir_all(dir).map_err(io(dir))?;
                let mut perm = out.metadata().map_err(io(&tmp))?.permissions();
                perm.set_readonly(true);
                std::fs::set_permissions(&tmp, perm).map_err(io(&tmp))?;
                std::fs::rename(&tmp, &dest).map_err(io(&dest))?;
            }
            Ok((sha, size))
        })();
        let _ = std::fs::remove_file(&tmp);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_by_hash_once() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("extract.txt");
        std::fs::write(&src, b"abc").unwrap();
        let v = Vault::new(dir.path().join("vault"));
        let (sha, size) = v.put(&src).unwrap();
        // SHA-256("abc"), the FIPS 180-2 test vector.
        assert_eq!(
            sha,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(size, 3);
        assert_eq!(std::fs::read(v.path(&sha)).unwrap(), b"abc");
        assert_eq!(v.put(&src).unwrap().0, sha);
        assert_eq!(hash_file(&v.path(&sha)).unwrap().0, sha);
        assert!(is_sha256(&sha) && !is_sha256("BA78"));
        let e = v.put(&dir.path().join("missing")).unwrap_err().to_string();
        assert!(e.contains("missing"), "{e}");
    }
}
