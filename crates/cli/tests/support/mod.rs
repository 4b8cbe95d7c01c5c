//! Running `kingpin serve` on a fresh database as a user would, and talking to it over HTTP.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The databases a case runs on: a SQLite file `name` in `dir`, and, when `KINGPIN_TEST_PG`
/// names a PostgreSQL database (`bash .ci/postgres.sh …`), a URL whose connections work in a
/// schema of their own, created empty here.
pub fn databases(dir: &Path, name: &str) -> Vec<PathBuf> {
    let mut out = vec![dir.join(name)];
    if let Ok(url) = std::env::var("KINGPIN_TEST_PG") {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let schema = format!(
            "e2e_{}_{}_{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        c.batch_execute(&format!("CREATE SCHEMA {schema}")).unwrap();
        let sep = if url.contains('?') { '&' } else { '?' };
        out.push(PathBuf::from(format!(
            "{url}{sep}options=-csearch_path%3D{schema}"
        )));
    }
    out
}

/// Whether `db` is a PostgreSQL URL rather than a file.
pub fn is_pg(db: &Path) -> bool {
    db.to_str().is_some_and(|s| s.starts_with("postgres://"))
}

/// A client on the PostgreSQL database `db` names, in its schema.
pub fn pg_client(db: &Path) -> postgres::Client {
    postgres::Client::connect(db.to_str().unwrap(), postgres::NoTls).unwrap()
}

/// Runs the `kingpin` binary on `db` as the local administrator.
pub fn kingpin(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kingpin"));
    c.env_remove("KINGPIN_DB")
        .env_remove("KINGPIN_AGENCY")
        .env("KINGPIN_ACTOR", "admin.local")
        .args(args)
        .arg("--db")
        .arg(db);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

/// Runs `kingpin` and insists it succeeds; its stdout.
pub fn ok(db: &Path, args: &[&str]) -> String {
    ok_env(db, args, &[])
}

/// As [`ok`], with environment variables.
pub fn ok_env(db: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = kingpin(db, args, env);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The password every test user gets.
pub const PASSWORD: &str = "correct horse battery";

/// Adds a user.
pub fn add_user(db: &Path, name: &str, agency: &str, role: &str) {
    ok_env(
        db,
        &[
            "user",
            "add",
            name,
            "--agency",
            agency,
            "--role",
            role,
            "--contact",
            &format!("{name}@{agency}"),
        ],
        &[("KINGPIN_PASSWORD", PASSWORD)],
    );
}

/// A running server; killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Its database.
    pub db: PathBuf,
}

impl Server {
    /// Starts `kingpin serve` on a free loopback port with extra arguments.
    pub fn start(db: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kingpin"))
            .env_remove("KINGPIN_DB")
            .args(["serve", "--listen", "127.0.0.1:0", "--db"])
            .arg(db)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        Server {
            child,
            base,
            db: db.to_path_buf(),
        }
    }

    /// Logs in; the bearer token.
    pub fn login(&self, user: &str) -> String {
        let r: serde_json::Value = ureq::post(&format!("{}/api/login", self.base))
            .send_json(serde_json::json!({ "user": user, "password": PASSWORD }))
            .unwrap()
            .into_json()
            .unwrap();
        r["token"].as_str().unwrap().to_string()
    }

    /// GET as a user; (status, JSON body).
    pub fn get(&self, token: &str, path: &str) -> (u16, serde_json::Value) {
        let r = ureq::get(&format!("{}{}", self.base, path))
            .set("Authorization", &format!("Bearer {token}"))
            .call();
        body(r)
    }

    /// POST JSON as a user; (status, JSON body).
    pub fn post(
        &self,
        token: &str,
        path: &str,
        json: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let r = ureq::post(&format!("{}{}", self.base, path))
            .set("Authorization", &format!("Bearer {token}"))
            .send_json(json);
        body(r)
    }

    /// Any method with an optional JSON body as a user; (status, JSON body).
    pub fn send(
        &self,
        method: &str,
        token: &str,
        path: &str,
        json: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let r = ureq::request(method, &format!("{}{}", self.base, path))
            .set("Authorization", &format!("Bearer {token}"));
        body(match json {
            Some(j) => r.send_json(j),
            None => r.call(),
        })
    }

    /// GET as a user; (status, content type, raw body).
    pub fn get_raw(&self, token: &str, path: &str) -> (u16, String, Vec<u8>) {
        let r = ureq::get(&format!("{}{}", self.base, path))
            .set("Authorization", &format!("Bearer {token}"))
            .call();
        let resp = match r {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{e}"),
        };
        let (status, ctype) = (resp.status(), resp.content_type().to_string());
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut resp.into_reader(), &mut bytes).unwrap();
        (status, ctype, bytes)
    }

    /// POSTs one file as the `file` field of a multipart form; (status, JSON body).
    pub fn upload(
        &self,
        token: &str,
        path: &str,
        file_name: &str,
        content: &[u8],
    ) -> (u16, serde_json::Value) {
        let boundary = "kingpin-test-boundary-5d1c";
        let mut form = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        form.extend_from_slice(content);
        form.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        body(
            ureq::post(&format!("{}{}", self.base, path))
                .set("Authorization", &format!("Bearer {token}"))
                .set(
                    "Content-Type",
                    &format!("multipart/form-data; boundary={boundary}"),
                )
                .send_bytes(&form),
        )
    }

    /// Stops the server with SIGTERM and waits (a graceful shutdown).
    pub fn stop(mut self) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Sends SIGTERM and insists the server exits cleanly (status 0) within a minute.
    pub fn stop_expecting_success(mut self) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let t0 = std::time::Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "serve exited with {status} after SIGTERM");
                return;
            }
            assert!(
                t0.elapsed() < std::time::Duration::from_secs(60),
                "serve still running a minute after SIGTERM"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

/// Status and JSON body of a response, whatever its status.
pub fn body(r: Result<ureq::Response, ureq::Error>) -> (u16, serde_json::Value) {
    let (status, _, json) = typed_body(r);
    (status, json)
}

/// Status, content type and JSON body (text as a JSON string if not JSON) of a response.
pub fn typed_body(r: Result<ureq::Response, ureq::Error>) -> (u16, String, serde_json::Value) {
    let resp = match r {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{e}"),
    };
    let status = resp.status();
    let ctype = resp.content_type().to_string();
    let text = resp.into_string().unwrap();
    let json = if text.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text))
    };
    (status, ctype, json)
}

/// Checks the audit chain verifies, then the records matching `filter` (e.g. `--actor X`).
pub fn verified_audit(db: &Path, filter: &[&str]) -> Vec<serde_json::Value> {
    let verified = ok(db, &["audit", "verify"]);
    assert!(verified.starts_with("audit log intact"), "{verified}");
    let mut args = vec!["audit", "log", "--json", "--limit", "1000000"];
    args.extend_from_slice(filter);
    ok(db, &args)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Writes FtM JSON lines.
pub fn write_ftm(path: &Path, lines: &[serde_json::Value]) {
    let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    std::fs::write(path, text.join("\n") + "\n").unwrap();
}

/// Writes `lines` as `<dir>/<source>.jsonl` and imports them as that source, owned by `agency`
/// and released to `releasable_to` (empty: the owner only).
pub fn import_ftm_source(
    db: &Path,
    dir: &Path,
    source: &str,
    lines: &[serde_json::Value],
    agency: &str,
    releasable_to: &str,
) {
    let file = dir.join(format!("{source}.jsonl"));
    write_ftm(&file, lines);
    let mut args = vec![
        "import",
        file.to_str().unwrap(),
        "--source",
        source,
        "--agency",
        agency,
    ];
    if !releasable_to.is_empty() {
        args.extend(["--releasable-to", releasable_to]);
    }
    ok(db, &args);
}

/// Renders the first page of a PDF to PNG with pdftoppm and checks it is an A4 page with
/// something printed on it; returns the PDF's text (pdftotext, white space folded).
pub fn pdf_checked(pdf: &std::path::Path) -> String {
    use std::process::Command;
    let stem = pdf.file_stem().unwrap().to_string_lossy();
    let prefix = pdf.with_file_name(format!("{stem}-page"));
    let out = |ext: &str| pdf.with_file_name(format!("{stem}-page.{ext}"));
    let run = Command::new("pdftoppm")
        .args(["-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .expect("pdftoppm (poppler-utils) must be installed: apt-get install poppler-utils");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let png = std::fs::read(out("png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap()) as f64;
    let h = u32::from_be_bytes(png[20..24].try_into().unwrap()) as f64;
    assert!((h / w - 297.0 / 210.0).abs() < 0.02, "A4 page, got {w}x{h}");
    // The same page as a grey map: a printed page has dark pixels, a blank one none.
    let gray = Command::new("pdftoppm")
        .args(["-gray", "-r", "40", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .unwrap();
    assert!(gray.status.success());
    let pgm = std::fs::read(out("pgm")).unwrap();
    let pixels = &pgm[pgm.len() - (w * h) as usize..];
    let dark = pixels.iter().filter(|&&p| p < 128).count();
    assert!(
        dark > pixels.len() / 200,
        "page looks blank: {dark} dark pixels of {}",
        pixels.len()
    );
    let text = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(text.status.success());
    // Table cells wrap: compare with runs of white space as one space.
    String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A small smuggling world for investigations' tests (FtM JSON lines): an organiser paid
/// by a migrant, his pilot on an intercepted crossing of 45 people, and a small fish.
pub const CASE_WORLD: &str = r#"{"id":"p-boss","schema":"Person","recorded":"2026-11-20","properties":{"name":["Karwan BOSS"],"nationality":["iq"]}}
{"id":"p-pilot","schema":"Person","recorded":"2026-10-01","properties":{"name":["Pilot"],"nationality":["tr"]}}
{"id":"a-1","schema":"Associate","recorded":"2026-10-01","properties":{"subject":["p-boss"],"object":["p-pilot"],"relationship":["pays"]}}
{"id":"x-1","schema":"Crossing","recorded":"2026-10-02","properties":{"pilot":["p-pilot"],"passengerCount":["45"],"outcome":["intercepted"],"date":["2026-10-02"]}}
{"id":"pay-1","schema":"Payment","grading":"2BP","recorded":"2026-09-01","properties":{"payer":["p-m1"],"beneficiary":["p-boss"],"amount":["3000"],"currency":["EUR"],"date":["2026-09-01"],"purpose":["place on the boat"]}}
{"id":"p-m1","schema":"Person","recorded":"2026-09-01","properties":{"name":["Migrant One"],"nationality":["af"]}}
{"id":"p-small","schema":"Person","recorded":"2025-01-01","properties":{"name":["Small FISH"]}}
"#;
