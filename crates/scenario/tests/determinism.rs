//! Same seed and size give byte-identical files; another seed gives other files.

use kingpin_scenario::{ScenarioConfig, Size, generate};
use std::path::Path;

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
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
fn same_seed_same_bytes_other_seed_other_bytes() {
    let cfg = ScenarioConfig::preset(Size::Tiny);
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    generate(&cfg, a.path(), &|_| {}).unwrap();
    generate(&cfg, b.path(), &|_| {}).unwrap();
    let other = ScenarioConfig {
        seed: cfg.seed + 1,
        ..cfg.clone()
    };
    generate(&other, c.path(), &|_| {}).unwrap();
    let (fa, fb, fc) = (files(a.path()), files(b.path()), files(c.path()));
    assert_eq!(
        fa.len(),
        31,
        "14 sources, 11 mappings, 5 truth files and the manifest"
    );
    for ((na, da), (nb, db)) in fa.iter().zip(&fb) {
        assert_eq!(na, nb);
        assert!(da == db, "{na} differs between two runs with the same seed");
    }
    let differ = |name: &str| {
        let x = &fa.iter().find(|f| f.0 == name).unwrap().1;
        let y = &fc.iter().find(|f| f.0 == name).unwrap().1;
        x != y
    };
    for name in ["cdr.csv", "persons.csv", "transfers.csv", "truth.json"] {
        assert!(differ(name), "{name} is the same under another seed");
    }
}

#[test]
fn more_calls_do_not_change_the_people() {
    let cfg = ScenarioConfig::preset(Size::Tiny);
    let more = ScenarioConfig {
        calls: cfg.calls * 2,
        ..cfg.clone()
    };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate(&cfg, a.path(), &|_| {}).unwrap();
    let m = generate(&more, b.path(), &|_| {}).unwrap();
    assert_eq!(
        m.sources.iter().find(|s| s.file == "cdr.csv").unwrap().rows,
        more.calls as u64
    );
    for f in ["persons.csv", "truth_roles.csv", "transfers.csv"] {
        assert_eq!(
            std::fs::read(a.path().join(f)).unwrap(),
            std::fs::read(b.path().join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn progress_is_reported_and_small_worlds_are_refused() {
    let cfg = ScenarioConfig::preset(Size::Tiny);
    let dir = tempfile::tempdir().unwrap();
    let last = std::cell::Cell::new(0u64);
    let m = generate(&cfg, dir.path(), &|n| last.set(n)).unwrap();
    // Every row ticks once, except FtM entity lines (the adverts tick once each).
    let ftm = m.sources.iter().find(|s| s.format == "ftm").unwrap().rows;
    assert_eq!(last.get(), m.total_rows() - ftm);
    let tiny = ScenarioConfig { people: 10, ..cfg };
    assert!(generate(&tiny, dir.path(), &|_| {}).is_err());
}
