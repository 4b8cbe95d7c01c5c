//! PDF from the printable HTML pages, through headless Chromium's print-to-PDF: the browser CI
//! installs for the web tests lays out tables, Arabic script and SVG properly, which a PDF
//! crate would have to re-implement (and add to a cold build).

use crate::{CaseError, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The browser: `KINGPIN_CHROMIUM` if set, else the first of chromium, chromium-browser,
/// google-chrome on the PATH.
pub fn browser() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("KINGPIN_CHROMIUM") {
        return Ok(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return Ok(p);
            }
        }
    }
    Err(CaseError::NotFound(
        "PDF: no chromium, chromium-browser or google-chrome on the PATH; install chromium \
         (apt-get install chromium) or set KINGPIN_CHROMIUM"
            .into(),
    ))
}

/// Prints `html` (written beside `pdf` with the extension .html) to `pdf`.
pub fn print(html: &str, pdf: &Path) -> Result<()> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| CaseError::Io { path, source }
    };
    let page = pdf.with_extension("html");
    std::fs::write(&page, html).map_err(io(&page))?;
    let profile = tempfile::tempdir().map_err(io(Path::new("temporary profile")))?;
    let page_abs = std::fs::canonicalize(&page).map_err(io(&page))?;
    let mut child = Command::new(browser()?)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page_abs.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(io(Path::new("chromium")))?;
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().map_err(io(Path::new("chromium")))? {
            break s;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(CaseError::Invalid(
                "PDF: chromium did not finish within 120 s".into(),
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let ok = std::fs::metadata(pdf).map(|m| m.len() > 0).unwrap_or(false);
    if !status.success() || !ok {
        return Err(CaseError::Invalid(format!(
            "PDF: chromium failed ({status}) printing {}",
            page.display()
        )));
    }
    Ok(())
}
