"""Splink (DuckDB backend) and Kingpin on the same CSV records: time, peak memory, pair and
cluster precision/recall/F1 against a truth column. Called by bench/resolve/run.sh.

usage: splink_run.py KIND FILE [FILE2] --truth COL --out DIR
KIND: febrl (given_name, surname, date_of_birth, soc_sec_id, address, …), kingpin (the CSV
a scenario's store exports with `kingpin resolve --export-csv`: name, birth_date, phone,
document, nationality, truth), synth (bench/resolve/synth.py: given_name, surname, birth_date,
phone, passport, postcode, town) or splink (Splink's fake_1000: first_name, surname, dob,
city, email, cluster).
"""
import json, resource, sys, time
from collections import Counter

import pandas as pd


def prf(tp, pred, true):
    p = tp / pred if pred else 1.0
    r = tp / true if true else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def evaluate(cluster, truth):
    """Same metrics as kingpin_resolve::evaluate: pairs in one cluster, exact clusters."""
    cells, ps, ts = Counter(), Counter(), Counter()
    for c, t in zip(cluster, truth):
        if t is None or t == "" or (isinstance(t, float) and t != t):
            continue
        cells[(c, t)] += 1; ps[c] += 1; ts[t] += 1
    pairs = lambda n: n * (n - 1) // 2
    tp = sum(pairs(n) for n in cells.values())
    exact = sum(1 for (c, t), n in cells.items() if ps[c] == n and ts[t] == n)
    return {"pairs": prf(tp, sum(map(pairs, ps.values())), sum(map(pairs, ts.values()))),
            "clusters": prf(exact, len(ps), len(ts))}


def main():
    args = sys.argv[1:]
    t = args.index("--truth")
    truth_col = args[t + 1]
    kind, files = args[0], (args[1:t] + args[t + 2:])[:2]
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    frames = [pd.read_csv(f, dtype=str, keep_default_na=False) for f in files]
    for i, d in enumerate(frames):
        d["unique_id"] = [f"{i + 1}:{k}" for k in range(len(d))]
    if kind == "febrl":
        comparisons = [
            cl.NameComparison("given_name"), cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True,
                                     datetime_format="%Y%m%d"),
            cl.ExactMatch("soc_sec_id"), cl.LevenshteinAtThresholds("address_1", 2),
            cl.ExactMatch("suburb"), cl.ExactMatch("postcode"),
        ]
        blocking = [block_on("given_name"), block_on("surname"), block_on("date_of_birth"),
                    block_on("soc_sec_id"), block_on("postcode")]
        train_on = [block_on("given_name", "surname"), block_on("date_of_birth")]
    elif kind == "synth":
        comparisons = [
            cl.NameComparison("given_name"), cl.NameComparison("surname"),
            cl.LevenshteinAtThresholds("birth_date", 1), cl.ExactMatch("phone"),
            cl.ExactMatch("passport"), cl.ExactMatch("postcode"), cl.ExactMatch("town"),
        ]
        blocking = [block_on("given_name", "surname"), block_on("birth_date", "substr(surname, 1, 2)"),
                    block_on("phone"), block_on("passport"), block_on("postcode", "substr(given_name, 1, 1)")]
        train_on = [block_on("given_name", "surname"), block_on("birth_date")]
    elif kind == "splink":
        comparisons = [
            cl.NameComparison("first_name"), cl.NameComparison("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.EmailComparison("email"),
        ]
        blocking = [block_on("first_name", "surname"), block_on("surname", "dob"),
                    block_on("first_name", "dob"), block_on("email")]
        train_on = [block_on("first_name", "surname"), block_on("dob")]
    else:
        comparisons = [
            cl.JaroWinklerAtThresholds("name", [0.92, 0.82]).configure(term_frequency_adjustments=True),
            cl.LevenshteinAtThresholds("birth_date", 1), cl.ExactMatch("phone"),
            cl.ExactMatch("document"), cl.ExactMatch("nationality"),
        ]
        blocking = [block_on("phone"), block_on("document"), block_on("name"),
                    block_on("substr(name, 1, 4)", "birth_date")]
        train_on = [block_on("phone"), block_on("name")]
    for d in frames:
        for c in d.columns:
            d[c] = d[c].replace("", None)
    settings = SettingsCreator(
        link_type="link_only" if len(frames) == 2 else "dedupe_only",
        comparisons=comparisons, blocking_rules_to_generate_predictions=blocking,
        retain_intermediate_calculation_columns=False)
    start = time.time()
    db_api = DuckDBAPI()
    # Splink 5 takes tables registered with the backend (Splink 4 took db_api=).
    tables = [db_api.register(d) for d in frames]
    linker = Linker(tables if len(tables) == 2 else tables[0], settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on(*r) if isinstance(r, tuple) else r for r in train_on[:1]], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    for r in train_on:
        linker.training.estimate_parameters_using_expectation_maximisation(r)
    preds = linker.inference.predict(threshold_match_probability=0.95)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(preds, 0.95).as_pandas_dataframe()
    secs = time.time() - start
    cid = dict(zip(clusters["unique_id"], clusters["cluster_id"]))
    allrows = pd.concat(frames)
    cluster = [cid.get(u, u) for u in allrows["unique_id"]]
    ev = evaluate(cluster, list(allrows[truth_col]))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": secs, "peak_mb": peak, "records": len(allrows), "evaluation": ev}))


if __name__ == "__main__":
    main()
