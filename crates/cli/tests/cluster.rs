//! `kingpin cluster` end to end: scripts/ballista.sh starts a scheduler and two executors as
//! processes on the loopback, and `kingpin events` queries run on them (KINGPIN_CLUSTER) give
//! the rows they give in one process.
#![cfg(feature = "cluster")]

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_kingpin");

fn check(o: std::process::Output, what: &str) -> String {
    assert!(
        o.status.success(),
        "{what}: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// The rows of a `--json` answer, each as text, sorted: rows tied on a query's order may come
/// in either order from a distributed plan.
fn rows(json: &str) -> Vec<String> {
    let v: Vec<serde_json::Value> = serde_json::from_str(json.trim()).unwrap();
    let mut out: Vec<String> = v.iter().map(|r| r.to_string()).collect();
    out.sort();
    out
}

const QUERIES: [&str; 3] = ["edges", "patterns", "colocation"];

#[test]
fn queries_on_a_loopback_cluster_answer_as_in_one_process() {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cluster-cli");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    let dir = tmp.join("ev");
    let dir_s = dir.to_str().unwrap();
    check(
        Command::new(BIN)
            .args(["events", "generate", "--calls", "20000", "--out", dir_s])
            .output()
            .unwrap(),
        "generate",
    );
    let args = |q: &str| {
        format!(
            "events {q} --dir {dir_s} --json --limit 1000000 --since 2025-01-01 --until 2025-04-01"
        )
    };

    // The whole cluster lives for one script run: every query goes through it.
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/ballista.sh");
    let mut inner = String::from("set -e; test -n \"$KINGPIN_CLUSTER\"; ");
    for q in QUERIES {
        inner += &format!("\"$KINGPIN\" {} > {}/{q}.json; ", args(q), tmp.display());
    }
    check(
        Command::new("bash")
            .arg(&script)
            .args(["bash", "-c", &inner])
            .env("KINGPIN", BIN)
            .env_remove("KINGPIN_CLUSTER")
            .output()
            .unwrap(),
        "scripts/ballista.sh",
    );

    for q in QUERIES {
        let local = check(
            Command::new(BIN)
                .args(args(q).split(' '))
                .env_remove("KINGPIN_CLUSTER")
                .output()
                .unwrap(),
            q,
        );
        let local = rows(&local);
        let remote = rows(&std::fs::read_to_string(tmp.join(format!("{q}.json"))).unwrap());
        assert!(local.len() > 50, "{q}: only {} rows", local.len());
        assert_eq!(remote.len(), local.len(), "{q}");
        assert!(remote == local, "{q}: the cluster's rows differ");
    }

    // A scheduler nobody runs is a clear error, not a hang.
    let o = Command::new(BIN)
        .args(args("edges").split(' '))
        .args(["--cluster", "127.0.0.1:1"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(!String::from_utf8_lossy(&o.stderr).is_empty());
}
