//! DataFusion's person edges over an export equal the in-memory projection's call and payment
//! edges, on a medium scenario (400k calls), over the whole period and in time windows.

use std::path::Path;

use kingpin_events::compare::{projected, queried, same};
use kingpin_events::{Window, session, tables};
use kingpin_graph::ProjectOptions;
use kingpin_graph::project::{parse_epoch, project};
use kingpin_ingest::{ImportOptions, Mapping, csv_import::import_csv, ftm::import_ftm};
use kingpin_scenario::{ScenarioConfig, Size, generate};
use kingpin_store::SqliteStore;

fn import_scenario(dir: &Path, store: &mut SqliteStore) {
    let manifest = generate(
        &ScenarioConfig {
            seed: 5,
            ..ScenarioConfig::preset(Size::Medium)
        },
        dir,
        &|_| {},
    )
    .unwrap();
    for src in &manifest.sources {
        let opts = ImportOptions {
            source_name: Some(src.file.split('.').next().unwrap().to_string()),
            grading: src.grading.parse().ok(),
            ..ImportOptions::default()
        };
        let path = dir.join(&src.file);
        match src.format.as_str() {
            "csv" => {
                let m = Mapping::load(&dir.join(src.mapping.as_ref().unwrap())).unwrap();
                import_csv(store, &path, &m, &opts, &mut |_| {}).unwrap();
            }
            "ftm" => {
                import_ftm(store, &path, &opts, &mut |_| {}).unwrap();
            }
            _ => {}
        }
    }
}

#[test]
fn datafusion_person_edges_equal_the_projection_on_a_medium_scenario() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(tmp.path().join("k.db")).unwrap();
    import_scenario(&tmp.path().join("scenario"), &mut store);
    let out = tmp.path().join("events");
    let report = kingpin_events::export::export(&store, &out, false, &|_| {}).unwrap();
    assert!(
        report.calls >= 399_000 && report.payments > 10_000,
        "{report:?}"
    );
    let rt = kingpin_events::runtime().unwrap();
    let ctx = session(1 << 30, None).unwrap();
    rt.block_on(tables::register(&ctx, &out)).unwrap();
    let day = |d: &str| parse_epoch(d).unwrap();
    let windows = [
        Window::default(),
        // Mid-month bounds: partitions pruned, rows filtered within the edge months.
        Window {
            since: Some(day("2025-03-10")),
            until: Some(day("2025-06-20T12:00:00")),
        },
        Window {
            since: Some(day("2025-09-01")),
            until: None,
        },
    ];
    let mut sizes = Vec::new();
    for w in windows {
        let opts = ProjectOptions {
            since: w.since,
            until: w.until,
            ..ProjectOptions::default()
        };
        let mem = projected(&project(&store, &opts).unwrap());
        let df = rt.block_on(queried(&ctx, &w)).unwrap();
        assert!(!mem.is_empty());
        if let Err(e) = same(&mem, &df) {
            panic!("{w:?}: {e}");
        }
        let kinds = |k: &str| mem.keys().filter(|e| e.2 == k).count();
        sizes.push((mem.len(), kinds("call"), kinds("payment")));
    }
    // The windows really cut: fewer pairs than the whole period, and both kinds present.
    assert!(
        sizes[1].0 < sizes[0].0 && sizes[2].0 < sizes[0].0,
        "{sizes:?}"
    );
    assert!(sizes.iter().all(|s| s.1 > 0 && s.2 > 0), "{sizes:?}");
}
