//! `kingpin export --format anx|gexf` and `kingpin import chart.anx` as a user would run them.

mod support;

use support::{kingpin, ok};

const NETWORK: &str = "{\"id\":\"p-a\",\"schema\":\"Person\",\"grading\":\"1AP\",\"properties\":{\"name\":[\"Karwan ALPHA\"]}}\n\
{\"id\":\"ph-a\",\"schema\":\"Phone\",\"properties\":{\"number\":[\"+447700900001\"]}}\n\
{\"id\":\"ph-b\",\"schema\":\"Phone\",\"properties\":{\"number\":[\"+447700900002\"]}}\n\
{\"id\":\"ph-c\",\"schema\":\"Phone\",\"properties\":{\"number\":[\"+447700900003\"]}}\n\
{\"id\":\"u-a\",\"schema\":\"UsesPhone\",\"properties\":{\"user\":[\"p-a\"],\"phone\":[\"ph-a\"]}}\n\
{\"id\":\"c-1\",\"schema\":\"Call\",\"grading\":\"2BC\",\"recorded\":\"2024-02-01\",\"properties\":{\"caller\":[\"ph-a\"],\"receiver\":[\"ph-b\"],\"date\":[\"2024-01-31\"]}}\n\
{\"id\":\"c-2\",\"schema\":\"Call\",\"properties\":{\"caller\":[\"ph-b\"],\"receiver\":[\"ph-c\"]}}\n";

#[test]
fn anx_out_and_back_in_and_gexf_around_a_target() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let input = dir.path().join("net.jsonl");
    std::fs::write(&input, NETWORK).unwrap();
    ok(&a, &["import", input.to_str().unwrap()]);
    let chart = dir.path().join("net.anx");
    ok(
        &a,
        &["export", "--format", "anx", "-o", chart.to_str().unwrap()],
    );
    let out = ok(&b, &["import", chart.to_str().unwrap()]);
    assert!(out.contains("imported"), "{out}");
    let dump = |db: &std::path::Path| {
        let mut lines: Vec<String> = ok(db, &["export", "--format", "fragments"])
            .lines()
            .map(|l| {
                let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                v.as_object_mut().unwrap().remove("source");
                v.to_string()
            })
            .collect();
        lines.sort();
        lines
    };
    assert_eq!(dump(&b), dump(&a));
    // One link out from the person: the phone they use, and the call it made with its other end.
    let gexf = ok(
        &a,
        &[
            "export", "--format", "gexf", "--around", "p-a", "--depth", "2",
        ],
    );
    for id in ["p-a", "ph-a", "ph-b"] {
        assert!(
            gexf.contains(&format!("<node id=\"{id}\"")),
            "{id} in {gexf}"
        );
    }
    assert!(!gexf.contains("ph-c"), "{gexf}");
    let out = kingpin(&a, &["export", "--format", "ftm", "--around", "p-a"], &[]);
    assert!(!out.status.success());
    let bad = dir.path().join("bad.anx");
    std::fs::write(
        &bad,
        "<Chart>\n <ChartItemCollection>\n  <ChartItem Label=\"x\"/>\n",
    )
    .unwrap();
    let out = kingpin(&b, &["import", bad.to_str().unwrap()], &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("bad.anx, line"), "{err}");
    assert!(err.contains("nothing from"), "{err}");
}
