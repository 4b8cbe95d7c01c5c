//! `kingpin scenario` end to end: the same seed gives the same files, another seed others.

use std::path::Path;
use std::process::Command;

fn run(out: &Path, seed: u64) {
    let o = Command::new(env!("CARGO_BIN_EXE_kingpin"))
        .args([
            "scenario",
            "--size",
            "tiny",
            "--seed",
            &seed.to_string(),
            "--out",
        ])
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("cdr.csv") && stdout.contains("rows in"),
        "{stdout}"
    );
}

fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn same_seed_same_files_other_seed_other_files() {
    // Cargo's per-target temp dir: no tempfile dependency needed in the CLI crate.
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scenario-cli");
    let (a, b, c) = (tmp.join("a"), tmp.join("b"), tmp.join("c"));
    for d in [&a, &b, &c] {
        let _ = std::fs::remove_dir_all(d);
    }
    run(&a, 42);
    run(&b, 42);
    run(&c, 43);
    let (la, lb, lc) = (listing(&a), listing(&b), listing(&c));
    assert!(
        la.iter().any(|f| f.0 == "manifest.json") && la.iter().any(|f| f.0 == "cdr.mapping.toml")
    );
    assert_eq!(la, lb, "two runs with seed 42 differ");
    let cdr = |l: &[(String, Vec<u8>)]| l.iter().find(|f| f.0 == "cdr.csv").unwrap().1.clone();
    assert_ne!(cdr(&la), cdr(&lc), "seeds 42 and 43 give the same calls");
}

#[test]
fn bad_size_is_refused() {
    let o = Command::new(env!("CARGO_BIN_EXE_kingpin"))
        .args(["scenario", "--size", "huge", "--out"])
        .arg(Path::new(env!("CARGO_TARGET_TMPDIR")).join("scenario-cli-bad"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("tiny, small, medium or large"));
}
