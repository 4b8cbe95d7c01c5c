"""Prints the comparison table from the JSON lines run.sh collected (stdin)."""
import json
import sys

import statistics

rows = [json.loads(l) for l in sys.stdin if l.strip().startswith("{")]
runs = {}
for r in rows:
    runs.setdefault(r["algo"], {}).setdefault(r["tool"], []).append(r)
# The median of each number over the runs (run.sh repeats every kernel RUNS times).
by = {}
for algo, tools in runs.items():
    for tool, rs in tools.items():
        m = dict(rs[0])
        for key in ("seconds", "cpu_seconds", "peak_mib"):
            vals = [x[key] for x in rs if key in x]
            if vals:
                m[key] = statistics.median(vals)
        m["runs"] = len(rs)
        by.setdefault(algo, {})[tool] = m
print("| algorithm | tool | seconds | CPU s | peak MiB | modularity | time / kingpin | CPU / kingpin | memory / kingpin |")
print("|---|---|---|---|---|---|---|---|---|")
for algo, tools in by.items():
    k = tools.get("kingpin")
    for tool, r in tools.items():
        tr = r["seconds"] / k["seconds"] if k and k["seconds"] else float("nan")
        mr = r["peak_mib"] / k["peak_mib"] if k and k["peak_mib"] else float("nan")
        cpu = r.get("cpu_seconds", float("nan"))
        cr = cpu / k["cpu_seconds"] if k and k.get("cpu_seconds") else float("nan")
        print(f"| {algo} | {tool} | {r['seconds']:.3f} | {cpu:.2f} | {r['peak_mib']:.0f} | {r.get('modularity', '')} | {tr:.2f} | {cr:.2f} | {mr:.2f} |")
