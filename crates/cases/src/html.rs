//! Printable HTML pages for the disclosure schedule and the evidence bundle.

pub use kingpin_ingest::graphml::esc;

/// A self-contained A4 page (no external resources, so it prints offline).
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\n<style>\n\
@page {{ size: A4; margin: 16mm; }}\n\
body {{ font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; color: #111; }}\n\
h1 {{ font-size: 16pt; border-bottom: 2px solid #223; }} h2 {{ font-size: 12pt; margin-top: 1.4em; }}\n\
table {{ border-collapse: collapse; width: 100%; }} th, td {{ border: 1px solid #889; padding: 3px 5px; vertical-align: top; text-align: left; }}\n\
th {{ background: #dde3ee; }} tr.sensitive td {{ background: #fbe3e3; }}\n\
.grade {{ font-family: monospace; font-weight: bold; }} .marking {{ float: right; font-weight: bold; color: #a00; }}\n\
svg text {{ font-size: 9px; }}\n\
</style></head><body>\n<div class=\"marking\">OFFICIAL-SENSITIVE</div>\n{body}\n</body></html>\n",
        esc(title)
    )
}
