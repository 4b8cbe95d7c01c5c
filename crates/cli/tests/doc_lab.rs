//! `kingpin doc check --db` and `kingpin doc register`, as a lab examiner runs them.

use kingpin_docverify::DocType;
use kingpin_docverify::compose::{Spec, compose};
use std::process::Command;

fn kingpin(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kingpin"))
        .args(args)
        .env_remove("KINGPIN_DB")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn mrz(surname: &str, given: &str, number: &str, birth: &str) -> String {
    compose(&Spec {
        doc_type: DocType::Td3,
        document_code: "P".into(),
        issuing_state: "IRQ".into(),
        surname: surname.into(),
        given_names: given.into(),
        document_number: number.into(),
        nationality: "IRQ".into(),
        birth_date: birth.into(),
        sex: 'M',
        expiry_date: "300101".into(),
        optional_data: String::new(),
        optional_data_2: String::new(),
    })
    .join("|")
}

#[test]
fn examiner_finds_a_reused_number_and_the_register_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let db = db.to_str().unwrap();
    let records = dir.path().join("passports.jsonl");
    std::fs::write(
        &records,
        "{\"id\":\"p-1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Karwan Ahmed\"],\"birthDate\":[\"1988-02-01\"]}}\n\
         {\"id\":\"d-1\",\"schema\":\"Document\",\"properties\":{\"number\":[\"A1234567\"],\"issuingState\":[\"IRQ\"],\"holder\":[\"p-1\"]}}\n\
         {\"id\":\"d-2\",\"schema\":\"Document\",\"properties\":{\"number\":[\"B7654321\"],\"issuingState\":[\"IRQ\"],\"status\":[\"stolen\"]}}\n",
    )
    .unwrap();
    let (code, _, err) = kingpin(&["import", "--db", db, records.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");

    let forged = mrz("RASHID", "OMAR", "A1234567", "900515");
    let (code, out, err) = kingpin(&[
        "doc",
        "check",
        "--db",
        db,
        "--lab",
        "Erbil",
        "--examiner",
        "E-1",
        &forged,
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("VALID  TD3"),
        "the MRZ itself is well formed: {out}"
    );
    assert!(
        out.contains("cross-checks: INVALID") && out.contains("DOC_NUMBER_OTHER_HOLDER"),
        "{out}"
    );
    assert!(
        out.contains("Karwan Ahmed") && out.contains("recorded as examination"),
        "{out}"
    );

    let stolen = mrz("AZIZ", "HAWRE", "B7654321", "850301");
    let (code, out, _) = kingpin(&[
        "doc", "check", "--db", db, "--lab", "Dohuk", "--json", &stolen,
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(v["examination"]["outcome"], "invalid");
    assert_eq!(
        v["examination"]["cross_checks"][0]["code"],
        "DOC_REPORTED_LOST_STOLEN"
    );

    let genuine = mrz("AHMED", "KARWAN", "C1112223", "880201");
    let (code, out, _) = kingpin(&[
        "doc",
        "check",
        "--db",
        db,
        "--viz-surname",
        "Ahmed",
        "--viz-birth",
        "1988-02-11",
        &genuine,
    ]);
    assert_eq!(
        code, 1,
        "a visual zone that disagrees makes it invalid: {out}"
    );
    assert!(out.contains("VIZ_MISMATCH"), "{out}");

    let (code, out, _) = kingpin(&["doc", "register", "--db", db, "--series", "A12"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Erbil") && out.contains("A1234567") && out.contains("invalid"),
        "{out}"
    );
    assert!(out.contains("1 examinations"), "{out}");
    let (_, out, _) = kingpin(&["doc", "register", "--db", db, "--json"]);
    assert_eq!(
        out.lines().count(),
        2,
        "two labs recorded, the third check was not recorded: {out}"
    );
}
