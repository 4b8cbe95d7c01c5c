//! `kingpin … | head`: a reader that stops early ends the command quietly, as with any Unix
//! tool, instead of a panic message about a broken pipe.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};

#[test]
fn closed_stdout_ends_the_command_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&posts).unwrap());
    for i in 0..50_000 {
        writeln!(
            f,
            r#"{{"post_id":"p{i}","text":"UK by boat, guaranteed. WhatsApp +964 750 443 {:04}"}}"#,
            i % 10_000
        )
        .unwrap();
    }
    drop(f);
    let mut child = Command::new(env!("CARGO_BIN_EXE_kingpin"))
        .env_remove("KINGPIN_DB")
        .args(["social", "classify", posts.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("\"p0\""), "{first}");
    // The reader is dropped here: the rest of the output has nowhere to go.
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        out.status.success() || out.status.signal() == Some(libc_sigpipe()),
        "{:?}: {err}",
        out.status
    );
}

/// SIGPIPE's number on Linux and the BSDs.
fn libc_sigpipe() -> i32 {
    13
}
