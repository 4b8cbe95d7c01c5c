//! Chart exchange: GEXF read back by networkx, ANX round trips, hand-drawn ANX charts and bad
//! ANX input leaving the store unchanged.

use kingpin_ingest::anx::{export_anx, import_anx};
use kingpin_ingest::ftm::{fragment_json, import_ftm};
use kingpin_ingest::gexf::export_gexf;
use kingpin_ingest::{ImportError, ImportOptions};
use kingpin_store::{SqliteStore, Store};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

/// A small network: a person with two graded sources and a recorded date, a multi-line
/// description, phones and a call, a call with no receiver (a link with one end), an account
/// owned by the person, a payment to a company.
const NETWORK: &str = r#"{"id":"p-ahmed","schema":"Person","grading":"1AP","properties":{"name":["Ahmed K."],"nationality":["iq"],"phone":["+447700900123"]}}
{"id":"p-ahmed","schema":"Person","grading":"3EC","recorded":"2024-01-02","properties":{"alias":["Abu Karwan"],"description":["organiser\nseen in Calais; uses \\ slashes"]}}
{"id":"phone-1","schema":"Phone","grading":"2BP","properties":{"number":["+447700900123"]}}
{"id":"phone-2","schema":"Phone","properties":{"number":["+905551112233"]}}
{"id":"call-1","schema":"Call","grading":"1AP","properties":{"caller":["phone-1"],"date":["2024-03-05T22:14:00"],"duration":["184"],"receiver":["phone-2"]}}
{"id":"call-2","schema":"Call","properties":{"caller":["phone-2"],"date":["2024-03-06"]}}
{"id":"acct-tt","schema":"SocialAccount","properties":{"owner":["p-ahmed"],"service":["TikTok"],"username":["@boat_uk_trips"]}}
{"id":"pay-1","schema":"Payment","grading":"2CC","properties":{"amount":["4500"],"beneficiary":["c-xyz"],"currency":["EUR"],"date":["2024-03-06"],"payer":["p-ahmed"],"purpose":["dinghy + engine"]}}
{"id":"c-xyz","schema":"Company","properties":{"jurisdiction":["tr"],"name":["XYZ Marine Ltd"],"country":["tr"]}}
"#;

fn network(dir: &Path) -> SqliteStore {
    let input = write(dir, "net.jsonl", NETWORK);
    let mut s = SqliteStore::in_memory().unwrap();
    import_ftm(&mut s, &input, &ImportOptions::default(), &mut |_| {}).unwrap();
    s
}

/// Every entity's fragments (values with grading, recorded date and source), sorted.
fn fragments(s: &SqliteStore) -> Vec<Value> {
    let mut out = Vec::new();
    s.for_each_entity(None, &mut |e| {
        out.extend(fragment_json(&e));
        Ok(())
    })
    .unwrap();
    out.sort_by_key(|v| v.to_string());
    out
}

fn anx(s: &SqliteStore) -> String {
    let mut out = Vec::new();
    export_anx(s, None, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// A chart's header and its items, sorted.
fn chart_items(chart: &str) -> Vec<String> {
    let mut parts: Vec<String> = chart.split("\n  <ChartItem ").map(String::from).collect();
    parts[1..].sort();
    parts
}

#[test]
fn anx_round_trip_is_equal() {
    let dir = tempfile::tempdir().unwrap();
    let a = network(dir.path());
    let first = anx(&a);
    for needle in [
        "<ChartItemCollection>",
        r#"<IconStyle Type="Person"/>"#,
        r#"<LinkStyle ArrowStyle="ArrowOnHead" Type="Call" Strength="Confirmed"/>"#,
        r#"SourceReference="net""#,
        r#"DateTimeDescription="2024-01-02""#,
        r#"<String Text="3 Not reliable"/>"#,
    ] {
        assert!(first.contains(needle), "{needle} missing in\n{first}");
    }
    let file = write(dir.path(), "chart.anx", &first);
    let mut b = SqliteStore::in_memory().unwrap();
    let opts = ImportOptions {
        source_name: Some("net".into()),
        ..Default::default()
    };
    let rep = import_anx(&mut b, &file, &opts, &mut |_| {}).unwrap();
    assert_eq!(rep.source.kind, "anx");
    assert_eq!(fragments(&b), fragments(&a));
    assert_eq!(
        chart_items(&anx(&b)),
        chart_items(&first),
        "export → import → export is the same chart (items follow storage order)"
    );
    let p = b.entity("p-ahmed").unwrap().unwrap();
    let d = p
        .statements
        .iter()
        .find(|s| s.prop == "description")
        .unwrap();
    assert_eq!(d.value, "organiser\nseen in Calais; uses \\ slashes");
    assert_eq!(d.prov.grading.to_string(), "3EC");
}

#[test]
fn anx_of_a_chart_subset_links_only_its_members() {
    let dir = tempfile::tempdir().unwrap();
    let a = network(dir.path());
    let only = ["p-ahmed", "acct-tt", "pay-1"]
        .map(String::from)
        .into_iter()
        .collect();
    let mut out = Vec::new();
    let c = export_anx(&a, Some(&only), &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    // The account's owner link; the payment's beneficiary is outside, so it is an item.
    assert_eq!((c.nodes, c.edges), (2, 1), "{text}");
    assert!(!text.contains("phone-1"));
    assert!(text.contains(r#"Value="pay-1""#));
}

const HAND_DRAWN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Chart Rigorous="true">
 <GradeOne><StringCollection><String Text="1 Reliable"/><String Text="2 Untested"/></StringCollection></GradeOne>
 <GradeTwo><StringCollection><String Text="A"/><String Text="B"/></StringCollection></GradeTwo>
 <ChartItemCollection>
  <ChartItem Label="Rebaz" GradeOneIndex="0" GradeTwoIndex="1">
   <End><Entity EntityId="n0" Identity="rebaz"><Icon><IconStyle Type="Person"/></Icon></Entity></End>
   <AttributeCollection><Attribute AttributeClass="nationality" Value="iq"/><Attribute AttributeClass="Shoe size" Value="44"/></AttributeCollection>
  </ChartItem>
  <ChartItem Label="Blue Star"><End><Entity EntityId="n1" Identity="v1"><Icon><IconStyle Type="Boat"/></Icon></Entity></End></ChartItem>
  <ChartItem Label="Kawa"><End><Entity EntityId="n2" Identity="kawa"><Icon><IconStyle Type="Wizard"/></Icon></Entity></End></ChartItem>
 </ChartItemCollection>
 <ChartItemCollection>
  <ChartItem Label="brother of"><Link End1Id="n0" End2Id="n2"><LinkStyle ArrowStyle="ArrowOnHead" Type="Link"/></Link></ChartItem>
  <ChartItem Label="pays" DateSet="true" DateTime="2024-05-01T10:00:00.000"><Link End1Id="n2" End2Id="n0"><LinkStyle ArrowStyle="ArrowOnTail" Type="Payment"/></Link>
   <AttributeCollection><Attribute AttributeClass="amount" Value="900"/></AttributeCollection></ChartItem>
 </ChartItemCollection>
</Chart>
"#;

#[test]
fn hand_drawn_charts_come_in_by_icon_and_link_type() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "drawn.anx", HAND_DRAWN);
    let mut s = SqliteStore::in_memory().unwrap();
    let rep = import_anx(&mut s, &file, &ImportOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(rep.source.rows, 5);
    let rebaz = s.entity("rebaz").unwrap().unwrap();
    assert_eq!(rebaz.schema, "Person");
    assert_eq!(rebaz.first("name"), Some("Rebaz"));
    assert_eq!(rebaz.first("nationality"), Some("iq"));
    assert_eq!(rebaz.statements[0].prov.grading.to_string(), "1BP");
    assert_eq!(s.entity("v1").unwrap().unwrap().schema, "Vessel");
    assert_eq!(s.entity("kawa").unwrap().unwrap().schema, "LegalEntity");
    let mut payments = Vec::new();
    let mut associates = Vec::new();
    s.for_each_entity(None, &mut |e| {
        match e.schema.as_str() {
            "Payment" => payments.push(e),
            "Associate" => associates.push(e),
            _ => {}
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(payments.len(), 1);
    // The arrow points at the tail: Rebaz paid Kawa.
    assert_eq!(payments[0].first("payer"), Some("rebaz"));
    assert_eq!(payments[0].first("beneficiary"), Some("kawa"));
    assert_eq!(payments[0].first("amount"), Some("900"));
    assert_eq!(payments[0].first("date"), Some("2024-05-01T10:00:00"));
    assert_eq!(associates[0].first("relationship"), Some("brother of"));
}

fn fails_unchanged(content: &str, expect: &[&str]) -> ImportError {
    let dir = tempfile::tempdir().unwrap();
    let mut s = network(dir.path());
    let before = s.content_listing().unwrap();
    let file = write(dir.path(), "bad.anx", content);
    let err = import_anx(&mut s, &file, &ImportOptions::default(), &mut |_| {}).unwrap_err();
    let msg = err.to_string();
    for e in expect {
        assert!(msg.contains(e), "{e:?} not in {msg:?}");
    }
    assert_eq!(
        s.content_listing().unwrap(),
        before,
        "bad input leaves no trace"
    );
    err
}

#[test]
fn bad_anx_is_located_and_nothing_is_kept() {
    fails_unchanged(
        "<Chart>\n<ChartItemCollection>\n<ChartItem>\n</ChartItemCollection>\n</Chart>\n",
        &["bad.anx, line 4", "not well-formed XML"],
    );
    fails_unchanged(
        "<?xml version=\"1.0\"?>\n<Graph/>\n",
        &["line 2, <Graph>", "expected <Chart>"],
    );
    let dangling = HAND_DRAWN.replace(r#"End1Id="n2" End2Id="n0""#, r#"End1Id="n2" End2Id="n9""#);
    fails_unchanged(
        &dangling,
        &["line 15, <Link>", "End2Id \"n9\" names no entity"],
    );
    let bad_grade = HAND_DRAWN.replace(r#"GradeTwoIndex="1""#, r#"GradeTwoIndex="7""#);
    fails_unchanged(
        &bad_grade,
        &[
            "line 6, <ChartItem>",
            "GradeTwoIndex 7",
            "<GradeTwo> list has 2 entries",
        ],
    );
    let not_graded = HAND_DRAWN.replace(
        r#"<String Text="A"/>"#,
        r#"<String Text="Usually reliable"/>"#,
    );
    let not_graded = not_graded.replace(r#"GradeTwoIndex="1""#, r#"GradeTwoIndex="0""#);
    fails_unchanged(&not_graded, &["is not an intelligence assessment (A to E)"]);
    // A bad value in a Kingpin card: the store's good chart with one date broken.
    let dir = tempfile::tempdir().unwrap();
    let good = anx(&network(dir.path()));
    let broken = good.replacen("date=2024-03-06", "date=6th of March", 1);
    assert_ne!(broken, good);
    fails_unchanged(&broken, &["<Card>", "date"]);
    let no_item = good
        .replacen("<End>", "<Ending>", 1)
        .replacen("</End>", "</Ending>", 1);
    fails_unchanged(&no_item, &["<ChartItem>", "needs <End><Entity> or <Link>"]);
}

#[test]
fn gexf_reads_back_in_networkx() {
    let dir = tempfile::tempdir().unwrap();
    let s = network(dir.path());
    let path = dir.path().join("net.gexf");
    let mut out = Vec::new();
    let c = export_gexf(&s, None, &mut out).unwrap();
    std::fs::write(&path, &out).unwrap();
    // Nodes: person, 2 phones, account, company. Edges: a call, the payment, the owner.
    assert_eq!((c.nodes, c.edges), (5, 3));
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("SKIPPED gexf_reads_back_in_networkx: python3 is not installed");
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.ci/networkx.sh");
    let found = Command::new("bash").arg(&script).output().unwrap();
    assert!(
        found.status.success(),
        "{}: {}",
        script.display(),
        String::from_utf8_lossy(&found.stderr)
    );
    let python = String::from_utf8(found.stdout).unwrap().trim().to_string();
    let code = r#"
import json, sys, networkx as nx
g = nx.read_gexf(sys.argv[1])
pay = [d for _, _, d in g.edges(data=True) if d.get("kind") == "Payment"][0]
print(json.dumps({
  "directed": g.is_directed(), "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
  "label": g.nodes["p-ahmed"]["label"], "schema": g.nodes["c-xyz"]["schema"],
  "country": g.nodes["c-xyz"]["country"], "amount": pay["amount"], "grading": pay["grading"],
  "call": g.has_edge("phone-1", "phone-2"), "owner": g.has_edge("acct-tt", "p-ahmed"),
}))
"#;
    let run = Command::new(&python)
        .arg("-c")
        .arg(code)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let got: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(
        got,
        serde_json::json!({
            "directed": true, "nodes": 5, "edges": 3, "label": "Ahmed K.", "schema": "Company",
            "country": "tr", "amount": 4500.0, "grading": "2CC", "call": true, "owner": true
        })
    );
}
