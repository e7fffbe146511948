#!/usr/bin/env python3
"""Markdown table of hyperfine --export-json results: median, mean ± σ, and each command's
median as a ratio to `sagespec compile` or, without one, the fastest sagespec command of the
same run (or to the command named by --base), with --digits decimals (default 1).

    bench/table.py [--base NAME] [--digits N] RESULT.json...
"""

import argparse
import json


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", nargs="+")
    parser.add_argument("--base", help="the command the ratios are to")
    parser.add_argument("--digits", type=int, default=1, help="decimals of the ratios")
    args = parser.parse_args()
    for path in args.results:
        results = json.load(open(path, encoding="utf-8"))["results"]
        ours = [r for r in results if r["command"].startswith("sagespec")]
        base = next((r for r in ours if r["command"] == (args.base or "sagespec compile")), None)
        base = base or min(ours, key=lambda r: r["median"])
        print(f"\n{path} (ratio: median ÷ median of `{base['command']}`)\n")
        print("| command | median (ms) | mean ± σ (ms) | min (ms) | runs | ratio |")
        print("|---|---:|---:|---:|---:|---:|")
        for r in results:
            ms = lambda s: s * 1e3  # noqa: E731
            print(
                f"| {r['command']} | {ms(r['median']):.1f} | {ms(r['mean']):.1f} ± {ms(r['stddev'] or 0):.1f} "
                f"| {ms(r['min']):.1f} | {len(r['times'])} | {r['median'] / base['median']:.{args.digits}f}× |"
            )


if __name__ == "__main__":
    main()
