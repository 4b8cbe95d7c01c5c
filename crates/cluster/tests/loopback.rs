//! A scheduler and two executors on the loopback run a plan with a shuffle, and it answers
//! what the same plan answers on one machine; both executors took part.

use datafusion::arrow::array::{Int64Array, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::arrow::util::pretty::pretty_format_batches;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::prelude::{ParquetReadOptions, SessionContext};
use kingpin_cluster::LocalCluster;
use std::path::Path;
use std::sync::Arc;

fn write_calls(dir: &Path) {
    let schema = Arc::new(Schema::new(vec![
        Field::new("caller", DataType::Utf8, false),
        Field::new("receiver", DataType::Utf8, false),
        Field::new("duration", DataType::Int64, false),
    ]));
    std::fs::create_dir_all(dir).unwrap();
    for part in 0..4i64 {
        let n = 5_000i64;
        let caller: Vec<String> = (0..n)
            .map(|i| format!("p{}", (i * 7 + part) % 97))
            .collect();
        let receiver: Vec<String> = (0..n).map(|i| format!("p{}", (i * 13) % 89)).collect();
        let duration: Vec<i64> = (0..n).map(|i| (i * part) % 301).collect();
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(caller)),
                Arc::new(StringArray::from(receiver)),
                Arc::new(Int64Array::from(duration)),
            ],
        )
        .unwrap();
        let file = std::fs::File::create(dir.join(format!("part-{part}.parquet"))).unwrap();
        let mut w = ArrowWriter::try_new(file, schema.clone(), None).unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
    }
}

const PAIRS: &str = "SELECT caller, receiver, count(*) AS calls, sum(duration) AS seconds \
                     FROM calls GROUP BY caller, receiver ORDER BY caller, receiver";

async fn answer(ctx: &SessionContext, dir: &Path) -> String {
    ctx.register_parquet(
        "calls",
        dir.to_str().unwrap(),
        ParquetReadOptions::default(),
    )
    .await
    .unwrap();
    let batches = ctx.sql(PAIRS).await.unwrap().collect().await.unwrap();
    pretty_format_batches(&batches).unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_executors_answer_as_one_machine_does() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("calls");
    write_calls(&data);
    let work = tmp.path().join("work");
    let cluster = LocalCluster::start(2, &work).await.unwrap();

    let local = answer(&SessionContext::new(), &data).await;
    let remote = answer(&cluster.connect().await.unwrap(), &data).await;
    assert!(local.lines().count() > 1000, "{local}");
    assert_eq!(remote, local);

    // Each executor wrote shuffle output for the job: the plan was spread over both.
    for i in 0..2 {
        let dir = work.join(format!("executor-{i}"));
        let files = walk(&dir);
        assert!(
            files > 0,
            "executor {i} wrote nothing under {}",
            dir.display()
        );
    }
}

fn walk(dir: &Path) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        n += if p.is_dir() { walk(&p) } else { 1 };
    }
    n
}
