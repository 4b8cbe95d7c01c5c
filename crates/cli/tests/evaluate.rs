//! End to end: `kingpin evaluate` on a labelled folder and on the published networks.

use std::path::PathBuf;
use std::process::Command;

fn kingpin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kingpin"))
}

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/networks");
    p.is_dir().then_some(p)
}

fn folder() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kingpin-evaluate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("edges.csv"),
        "source,target,weight\nboss,lt1,3\nboss,lt2,2\nlt1,a,1\nlt1,b,1\nlt2,c,1\nlt2,d,1\n",
    )
    .unwrap();
    std::fs::write(dir.join("leaders.csv"), "node,role\nboss,leader\n").unwrap();
    dir
}

#[test]
fn evaluates_a_labelled_folder_as_table_and_json() {
    let dir = folder();
    let out = kingpin().arg("evaluate").arg(&dir).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("| leader | 1.000 | 1.000 | boss:1 |"),
        "{text}"
    );
    assert!(text.contains("| k-core |"), "{text}");
    let out = kingpin()
        .arg("evaluate")
        .arg(&dir)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success());
    let json = String::from_utf8(out.stdout).unwrap();
    assert!(json.trim_start().starts_with('['), "{json}");
    for m in [
        "leader",
        "degree",
        "strength",
        "betweenness",
        "closeness",
        "pagerank",
        "eigenvector",
        "k-core",
    ] {
        assert!(
            json.contains(&format!("\"measure\": \"{m}\"")),
            "{m} missing from {json}"
        );
    }
    assert!(json.contains("\"average_precision\": 1.0"), "{json}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn evaluate_all_prints_the_table_over_the_published_networks() {
    let Some(shared) = shared() else {
        eprintln!("no shared/data/networks; skipped");
        return;
    };
    let out = kingpin()
        .args(["evaluate", "--all", "--data"])
        .arg(&shared)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for name in [
        "caviar",
        "montagna_meetings",
        "mumbai_2008",
        "mexico_trafficking",
        "london_gang",
    ] {
        assert!(
            text.contains(&format!("| {name} |")),
            "{name} missing:\n{text}"
        );
    }
    assert!(text.contains("leader score vs each measure"), "{text}");
}

#[test]
fn unlabelled_network_is_refused_with_a_reason() {
    let Some(shared) = shared() else { return };
    let out = kingpin()
        .args(["evaluate", "siren", "--data"])
        .arg(&shared)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no known leaders"));
}
