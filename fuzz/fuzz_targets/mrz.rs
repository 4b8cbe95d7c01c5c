//! Any bytes into the MRZ validator and the batch reader: no panic, no overflow,
//! every finding renders, every verdict serializes.

#![no_main]

use kingpin_docverify::{Date, MAX_FINDINGS, Mode, Options, records, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the options, so both modes and the as-of check get fuzzed.
    let (flags, rest) = data.split_first().map_or((0, data), |(f, r)| (*f, r));
    let opts = Options {
        mode: if flags & 1 == 0 { Mode::Strict } else { Mode::Lenient },
        as_of: (flags & 2 != 0).then(|| Date::new(2020 + (flags >> 4) as u16, 2, 29)).flatten(),
        today: Date::new(2025, 6, 1).unwrap(),
    };
    let text = String::from_utf8_lossy(rest);
    let v = validate(&text, &opts);
    assert!(v.findings().len() < MAX_FINDINGS);
    assert_eq!(v.valid, v.errors().next().is_none());
    for f in v.findings() {
        assert!(f.end >= f.start);
        assert!(!f.message().is_empty());
    }
    let _ = v.to_json();
    let _ = records::parse_batch(&text);
});
