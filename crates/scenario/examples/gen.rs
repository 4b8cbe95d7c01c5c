//! Generates a scenario: `cargo run --example gen -p kingpin-scenario -- OUT [people] [calls] [seed]`.
fn main() -> anyhow::Result<()> {
    let a: Vec<String> = std::env::args().collect();
    let mut cfg = kingpin_scenario::ScenarioConfig::preset(kingpin_scenario::Size::Tiny);
    if let Some(p) = a.get(2) {
        cfg.people = p.parse()?;
    }
    if let Some(c) = a.get(3) {
        cfg.calls = c.parse()?;
    }
    if let Some(s) = a.get(4) {
        cfg.seed = s.parse()?;
    }
    let m = kingpin_scenario::generate(&cfg, std::path::Path::new(&a[1]), &|_| {})?;
    println!("{}", serde_json::to_string_pretty(&m)?);
    Ok(())
}
