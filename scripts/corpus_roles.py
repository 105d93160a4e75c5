#!/usr/bin/env python3
"""Role accuracy of `bantin ingest --explain --json` against the corpus gold `line_roles`.

Usage: scripts/corpus_roles.py [--bantin PATH] [--corpus DIR] [-v] [GLOB ...]
Prints per-file accuracy and the overall share of gold-labelled lines whose role matches
(`noise_soft` counts as `noise`, `byline_extra` as `byline`, in the gold and in the
converter's roles).
"""
import argparse, fnmatch, glob, json, os, subprocess, sys

MAP = {"noise_soft": "noise", "byline_extra": "byline"}  # gold and predicted roles alike


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bantin", default=os.environ.get("BANTIN", "target/debug/bantin"))
    ap.add_argument("--corpus", default="../shared/corpus")
    ap.add_argument("-v", action="store_true", help="print every mismatched line")
    ap.add_argument("only", nargs="*")
    a = ap.parse_args()
    total = ok = 0
    for gpath in sorted(glob.glob(os.path.join(a.corpus, "gold", "*.json"))):
        name = os.path.basename(gpath)[: -len(".txt.json")]
        if a.only and not any(fnmatch.fnmatch(name, p) for p in a.only):
            continue
        gold = json.load(open(gpath, encoding="utf-8"))
        raw = os.path.join(a.corpus, "raw", name + ".txt")
        out = subprocess.run([a.bantin, "--quiet", "ingest", "--explain", "--json", raw],
                             capture_output=True, text=True)
        mine = {}
        if out.returncode == 0 and out.stdout.strip():
            for r in json.loads(out.stdout.splitlines()[0])["lines"]:
                mine[r["line"]] = r
        n = m = 0
        for entry in gold.get("line_roles", []):
            no, role = entry[0], MAP.get(entry[1], entry[1])
            got = mine.get(no, {}).get("role", "noise")
            got = MAP.get(got, got)
            n += 1
            if got == role:
                m += 1
            elif a.v:
                print(f"  {name}:{no}: gold {role}, got {got} ({mine.get(no, {}).get('why', '')})")
        total += n
        ok += m
        print(f"{name[:34]:34} {m:4}/{n:<4} {m / n if n else 1:.3f}")
    print(f"role accuracy: {ok / total if total else 0:.3f} ({ok}/{total} lines)")


if __name__ == "__main__":
    sys.exit(main())
