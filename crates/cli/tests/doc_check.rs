//! End to end: the built `kingpin doc check` on specimens, corrupted MRZs and batches.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const L1: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
const L2: &str = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
/// Document number altered (L898902C3 -> L898992C3), no check digit recomputed.
const L2_BAD: &str = "L898992C36UTO7408122F1204159ZE184226B<<<<<10";
const BEL: &str =
    "IDBEL000590240<6013<<<<<<<<<<<|8512017F1311048BEL851201002007|REINARTZ<<ULRIKE<KATIA<E<<<<<<";

fn kingpin(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kingpin"))
        .args(["doc", "check"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run kingpin");
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn specimen_is_valid_and_flagged() {
    let o = kingpin(&[L1, L2], None);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.starts_with("VALID  TD3  (strict)  SPECIMEN"), "{out}");
    assert!(out.contains("document number  L898902C3"), "{out}");
    assert!(out.contains("given names      ANNA MARIA"), "{out}");
    assert!(out.contains("birth date       740812  1974-08-12"), "{out}");
    assert!(out.contains("warning SPECIMEN_STATE"), "{out}");
    assert!(!out.contains("error "), "{out}");
}

#[test]
fn corrupted_number_is_invalid_with_positions_and_carets() {
    let joined = format!("{L1}|{L2_BAD}");
    let o = kingpin(&[&joined], None);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.starts_with("INVALID  TD3"), "{out}");
    assert!(
        out.contains("error   CHECK_DIGIT_DOCUMENT_NUMBER             line 2 col 1-10"),
        "{out}"
    );
    assert!(
        out.contains("error   CHECK_DIGIT_COMPOSITE                   line 2 col 44"),
        "{out}"
    );
    // The caret line under line 2: the number and its digit, the specimen code, the composite.
    let caret = format!("  {}{}{}^", "^".repeat(10), "~~~", " ".repeat(30));
    assert!(out.lines().any(|l| l == caret), "{out}");
}

#[test]
fn json_output() {
    let o = kingpin(&["--json", &format!("{L1}\\n{L2_BAD}")], None);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("{\"record\":1,\"lines\":["), "{out}");
    assert!(out.contains("\"valid\":false"), "{out}");
    assert!(out.contains("\"code\":\"CHECK_DIGIT_COMPOSITE\",\"severity\":\"error\",\"field\":\"composite\",\"line\":2,\"start\":44,\"end\":44"), "{out}");
}

#[test]
fn batch_file_and_stdin() {
    let dir = std::env::temp_dir().join(format!("kingpin-doc-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("batch.txt");
    std::fs::write(
        &file,
        format!("# two passports\n{L1}\n{L2}\n\n{L1}\n{L2_BAD}\n"),
    )
    .unwrap();
    let o = kingpin(&["--file", file.to_str().unwrap()], None);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("== MRZ 2 of 2 (input line 5)"), "{out}");
    assert!(out.ends_with("2 checked: 1 valid, 1 invalid\n"), "{out}");

    let jsonl =
        format!("{{\"lines\": [\"{L1}\", \"{L2}\"]}}\n{{\"lines\": [\"{L1}\", \"{L2}\"]}}\n");
    let o = kingpin(&["-", "--json"], Some(&jsonl));
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o).lines().count(), 2);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn lenient_and_as_of() {
    assert_eq!(kingpin(&[BEL], None).status.code(), Some(1));
    let o = kingpin(&["--lenient", BEL], None);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains("QUIRK_LONG_NUMBER_CHECK_INCLUDES_FILLER"),
        "{out}"
    );

    let o = kingpin(&["--as-of", "2013-01-01", L1, L2], None);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("EXPIRED"), "{out}");
    assert!(
        out.contains("the document expired 2012-04-15, before 2013-01-01"),
        "{out}"
    );
}

#[test]
fn usage_and_input_errors_exit_2() {
    assert_eq!(kingpin(&[], None).status.code(), Some(2));
    assert_eq!(
        kingpin(&["--as-of", "2013-02-30", L1, L2], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        kingpin(&["--file", "/nonexistent/mrz.txt"], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(kingpin(&["-"], Some("\n\n")).status.code(), Some(2));
    assert_eq!(
        kingpin(&["-"], Some("{\"lines\": 3}\n")).status.code(),
        Some(2)
    );
}
