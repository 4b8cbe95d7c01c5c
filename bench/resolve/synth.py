"""Synthetic person records with known identities, for the speed benchmark (1M records).

Each identity gets a Zipf-distributed given and family name (so common full names recur across
different people, as in real data), a date of birth, a phone, sometimes a passport, a postcode
and a town; it appears in 1-4 records, each with the noise clerks add: another transliteration,
a typing slip, swapped name order, a year-only or slipped date of birth, a new phone, missing
fields. Deterministic for a seed. usage: synth.py N_RECORDS OUT.csv [SEED]
"""
import csv, random, sys

SYL = ["ka", "ra", "mo", "ha", "med", "li", "sa", "an", "di", "ne", "ro", "ba", "za", "fa",
       "hu", "se", "in", "ta", "ma", "da", "ya", "el", "ri", "ko", "la", "na", "mi", "jo",
       "ve", "to", "shi", "ar", "ze", "qa", "nu", "ga", "wa", "bi", "pa", "lu"]
VARIANTS = [("mo", "mu"), ("ee", "i"), ("ou", "u"), ("a", "e"), ("k", "q"), ("sh", "ch")]


def pool(rng, n, parts):
    out = set()
    while len(out) < n:
        out.add("".join(rng.choice(SYL) for _ in range(rng.choice(parts))).capitalize())
    return sorted(out)


def zipf_pick(rng, items):
    # A third of the draws log-uniform in rank (Zipf, exponent 1), the rest uniform: a few
    # names common (the commonest full name is borne by ~200 of 500k people), a long tail.
    n = len(items)
    k = int(n ** rng.random()) - 1 if rng.random() < 0.3 else rng.randrange(n)
    return items[min(max(k, 0), n - 1)]


def typo(rng, s):
    if len(s) < 3:
        return s
    i = rng.randrange(1, len(s) - 1)
    op = rng.randrange(3)
    if op == 0:
        return s[:i] + s[i] + s[i:]
    if op == 1:
        return s[:i] + s[i + 1:]
    return s[:i] + s[i + 1] + s[i] + s[i + 2:]


def variant(rng, s):
    a, b = rng.choice(VARIANTS)
    low = s.lower()
    return low.replace(a, b, 1).capitalize() if a in low else s


def main():
    n_records = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    given = pool(rng, 3000, [2, 2, 3])
    family = pool(rng, 40000, [2, 3, 3, 4])
    towns = pool(rng, 2000, [2, 3])
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["rec_id", "given_name", "surname", "birth_date", "phone", "passport",
                    "postcode", "town", "truth"])
        written, ident = 0, 0
        while written < n_records:
            ident += 1
            g, fam = zipf_pick(rng, given), zipf_pick(rng, family)
            y, m, d = rng.randint(1950, 2006), rng.randint(1, 12), rng.randint(1, 28)
            phones = [f"+44 7{rng.randint(100000000, 999999999)}"]
            passport = f"P{rng.randint(10000000, 99999999)}" if rng.random() < 0.3 else ""
            town_i = rng.randrange(len(towns))
            postcode = f"{town_i:04d}{rng.randint(0, 9)}"
            k = rng.choices([1, 2, 3, 4], [0.45, 0.3, 0.15, 0.1])[0]
            for _ in range(min(k, n_records - written)):
                gg, ff = g, fam
                r = rng.random()
                if r < 0.15:
                    gg = variant(rng, gg)
                elif r < 0.25:
                    ff = typo(rng, ff)
                if rng.random() < 0.08:
                    gg, ff = ff, gg
                if rng.random() < 0.1:
                    gg = gg.upper()
                r = rng.random()
                if r < 0.7:
                    dob = f"{y:04d}-{m:02d}-{d:02d}"
                elif r < 0.8:
                    dob = f"{y:04d}"
                elif r < 0.88:
                    dob = f"{y:04d}-{m:02d}-{min(d + 1, 28):02d}"
                else:
                    dob = ""
                if rng.random() < 0.25:
                    phones.append(f"+44 7{rng.randint(100000000, 999999999)}")
                phone = rng.choice(phones) if rng.random() < 0.85 else ""
                pc = postcode if rng.random() < 0.8 else ""
                twn = towns[town_i] if rng.random() < 0.7 else ""
                pp = passport if rng.random() < 0.6 else ""
                written += 1
                w.writerow([written, gg, ff, dob, phone, pp, pc, twn, ident])


if __name__ == "__main__":
    main()
