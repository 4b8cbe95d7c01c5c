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
        "source,target,weight\nboss,lt1,3\nboss,lt2,2\nboss,lt3,1\nlt1,a,1\nlt1,b,1\nlt2,c,1\nlt2,d,1\nlt3,e,1\nlt3,f,1\n",
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

#[test]
fn evaluates_a_tiny_scenario_against_its_truth() {
    let dir = tempfile::tempdir().unwrap();
    let made = kingpin()
        .args(["scenario", "--size", "tiny", "--seed", "3", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let out = kingpin()
        .arg("evaluate")
        .arg(dir.path())
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reports = v.as_array().unwrap();
    assert_eq!(
        reports.len(),
        2,
        "organisers, then organisers with lieutenants"
    );
    assert!(
        reports[0]["network"]
            .as_str()
            .unwrap()
            .ends_with("organisers")
    );
    for r in reports {
        let results = r["results"].as_array().unwrap();
        assert_eq!(results[0]["measure"], "leader");
        assert_eq!(results.len(), 8);
        for m in results {
            let ap = m["average_precision"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&ap), "{m}");
        }
    }
    // Every true organiser is ranked (present, or last when no node stands for them).
    let roles = std::fs::read_to_string(dir.path().join("truth_roles.csv")).unwrap();
    let organisers = roles.lines().filter(|l| l.contains(",organiser,")).count();
    assert!(organisers >= 2);
    assert_eq!(
        reports[0]["results"][0]["leader_ranks"]
            .as_array()
            .unwrap()
            .len(),
        organisers
    );
    // The summary form over generated scenarios.
    let out = kingpin()
        .args(["evaluate", "--scenarios", "tiny:2"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("| scenario tiny seed 2 organisers | "),
        "{text}"
    );
    assert!(
        text.contains("| scenario tiny seed 2 organisers+lieutenants | "),
        "{text}"
    );
}
