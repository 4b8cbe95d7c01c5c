//! `kingpin social` as an officer meets it: classify a file of posts, get one JSON result per
//! post with contacts in E.164; a bad line is an error naming file, line and field.

use std::process::Command;

fn kingpin(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kingpin"))
        .env_remove("KINGPIN_DB")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn classify_writes_one_result_per_post() {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts.jsonl");
    std::fs::write(
        &posts,
        concat!(
            r#"{"post_id":"a1","platform":"tiktok","handle":"safar_uk","text":"گەشتی بەریتانیا بە بەلەم، گەرەنتی. واتساپ ٠٧٥٠ ٤٤٣ ٢١٩٨"}"#,
            "\n",
            r#"{"post_id":"n1","text":"Yamaha 40hp outboard engine for sale, good condition. Call 07911 123456"}"#,
            "\n",
        ),
    )
    .unwrap();
    let out = kingpin(&["social", "classify", posts.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a1");
    assert_eq!(lines[0]["is_advert"], true);
    assert_eq!(lines[0]["contacts"][0], "+9647504432198");
    assert_eq!(lines[0]["route"][0], "uk");
    assert_eq!(lines[0]["vehicle"][0], "boat");
    assert!(lines[0]["evidence"].as_array().unwrap().len() >= 4);
    assert_eq!(lines[1]["is_advert"], false);
    assert_eq!(lines[1]["contacts"][0], "+447911123456");

    std::fs::write(
        &posts,
        "{\"post_id\":\"a1\",\"text\":\"ok\"}\n{\"text\":\"no id\"}\n",
    )
    .unwrap();
    let out = kingpin(&["social", "classify", posts.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("posts.jsonl:2: post_id"), "{err}");
}

#[test]
fn evaluate_reports_every_language() {
    let out = kingpin(&["social", "evaluate"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for lang in [
        "ckb", "kmr", "ar", "ar-latn", "fa", "ps", "vi", "sq", "ti", "en", "all",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("{lang} "))),
            "{lang}: {text}"
        );
    }
    assert!(text.contains("held-out"));
}
