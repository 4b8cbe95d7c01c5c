//! Fuzzes the FollowTheMoney JSON-line parser and validator: any bytes, no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kingpin_ingest::ftm::parse_line(data, kingpin_model::Grading::default());
});
