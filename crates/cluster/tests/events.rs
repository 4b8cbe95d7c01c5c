//! The bulk-event analytics' own plans (person edges, call patterns, co-location, each in a
//! time window) give on a scheduler and two executors exactly what they give on one machine.

use datafusion::arrow::util::pretty::pretty_format_batches;
use datafusion::prelude::SessionContext;
use kingpin_cluster::LocalCluster;
use kingpin_events::generate::{GenConfig, generate};
use kingpin_events::{Window, compare, queries, tables};
use std::path::Path;

/// Every row of every query, one line each, sorted: a distributed plan may emit rows in another
/// order, and rows tied on a query's ORDER BY may come in either.
async fn answers(ctx: &SessionContext, dir: &Path, w: &Window) -> Vec<String> {
    tables::register(ctx, dir).await.unwrap();
    let mut out = Vec::new();
    let edges = compare::queried(ctx, w).await.unwrap();
    out.extend(edges.iter().map(|(k, v)| format!("edge {k:?} {v:?}")));
    for df in [
        queries::call_patterns(ctx, w, 1, usize::MAX).await.unwrap(),
        queries::co_location(ctx, w, 3600, 1, usize::MAX)
            .await
            .unwrap(),
    ] {
        let text = pretty_format_batches(&df.collect().await.unwrap())
            .unwrap()
            .to_string();
        out.extend(text.lines().map(str::to_string));
    }
    out.sort();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_events_plans_answer_on_the_cluster_as_on_one_machine() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("events");
    let mut cfg = GenConfig::new(20_000);
    cfg.days = 90;
    generate(&cfg, &data, false, &|_| {}).unwrap();
    let cluster = LocalCluster::start(2, &tmp.path().join("work"))
        .await
        .unwrap();

    // 2025-02-01 to 2025-03-01: two month partitions are never read.
    let windows = [
        Window::default(),
        Window {
            since: Some(1_738_368_000),
            until: Some(1_740_787_200),
        },
    ];
    for w in windows {
        let local = answers(&kingpin_events::session(1 << 30, None).unwrap(), &data, &w).await;
        let remote = answers(&cluster.connect().await.unwrap(), &data, &w).await;
        assert!(
            local.iter().filter(|l| l.starts_with("edge")).count() > 100,
            "{w:?}"
        );
        assert!(local.len() > 1000, "{w:?}: {} lines", local.len());
        assert_eq!(remote.len(), local.len(), "{w:?}");
        if let Some(i) = (0..local.len()).find(|&i| remote[i] != local[i]) {
            panic!(
                "{w:?}: first difference\n local: {}\nremote: {}",
                local[i], remote[i]
            );
        }
    }
}
