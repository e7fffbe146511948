#!/usr/bin/env python3
"""Markdown table of hyperfine --export-json results: median, mean ± σ, and each command's
median as a ratio to the fastest sagespec command of the same run.

    bench/table.py RESULT.json...
"""

import json
import sys


def main():
    for path in sys.argv[1:]:
        results = json.load(open(path, encoding="utf-8"))["results"]
        ours = [r for r in results if r["command"].startswith("sagespec")]
        base = next((r for r in ours if r["command"] == "sagespec compile"), min(ours, key=lambda r: r["median"]))
        print(f"\n{path} (ratio: median ÷ median of `{base['command']}`)\n")
        print("| command | median (ms) | mean ± σ (ms) | min (ms) | runs | ratio |")
        print("|---|---:|---:|---:|---:|---:|")
        for r in results:
            ms = lambda s: s * 1e3  # noqa: E731
            print(
                f"| {r['command']} | {ms(r['median']):.1f} | {ms(r['mean']):.1f} ± {ms(r['stddev'] or 0):.1f} "
                f"| {ms(r['min']):.1f} | {len(r['times'])} | {r['median'] / base['median']:.1f}× |"
            )


if __name__ == "__main__":
    main()
