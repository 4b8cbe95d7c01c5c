//! ICAO Doc 9303 machine-readable zones: parse and validate TD1, TD2, TD3, MRV-A and MRV-B.
//!
//! Pure and allocation-free on the validation path: input is read into fixed
//! buffers, fields into inline strings, findings into an inline list.
//!
//! ```
//! use kingpin_docverify::{validate, Options};
//! let v = validate(
//!     "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n\
//!      L898902C36UTO7408122F1204159ZE184226B<<<<<10",
//!     &Options::strict(),
//! );
//! assert!(v.valid && v.specimen);
//! assert_eq!(v.fields.unwrap().document_number, "L898902C3");
//! ```

pub mod checkdigit;
pub mod codes;
pub mod compose;
pub mod dates;
mod finding;
mod input;
mod layout;
mod names;
pub mod records;
mod text;
mod validate;
mod verdict;

pub use dates::Date;
pub use finding::{Code, Detail, Field, Finding, Findings, MAX_FINDINGS, Severity};
pub use input::{is_mrz_char, lines_as_read};
pub use layout::DocType;
pub use text::Text;
pub use verdict::{DateField, Mode, Options, ParsedMrz, Verdict, record_json};

/// Validates an MRZ given as text, lines separated by `\n` (a `\r` before it is ignored).
pub fn validate(text: &str, opts: &Options) -> Verdict {
    validate::check(&input::Input::from_lines(text.split('\n')), opts)
}

/// Validates an MRZ given as separate lines.
pub fn validate_lines<S: AsRef<str>>(lines: &[S], opts: &Options) -> Verdict {
    validate::check(
        &input::Input::from_lines(lines.iter().map(|s| s.as_ref())),
        opts,
    )
}
