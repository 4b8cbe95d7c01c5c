"""Prints the comparison table from the JSON lines run.sh collected (stdin)."""
import json
import sys

rows = [json.loads(l) for l in sys.stdin if l.strip().startswith("{")]
by = {}
for r in rows:
    by.setdefault(r["algo"], {})[r["tool"]] = r
print("| algorithm | tool | seconds | peak MiB | modularity | time / kingpin | memory / kingpin |")
print("|---|---|---|---|---|---|---|")
for algo, tools in by.items():
    k = tools.get("kingpin")
    for tool, r in tools.items():
        tr = r["seconds"] / k["seconds"] if k and k["seconds"] else float("nan")
        mr = r["peak_mib"] / k["peak_mib"] if k and k["peak_mib"] else float("nan")
        print(f"| {algo} | {tool} | {r['seconds']:.3f} | {r['peak_mib']:.0f} | {r.get('modularity', '')} | {tr:.2f} | {mr:.2f} |")
