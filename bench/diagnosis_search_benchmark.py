"""Diagnosis search benchmark (DS-1; run on demand, not a test).

Measures, in memory and single-threaded:
  - load:        reading the three CSV files into ``CodeListIndex`` (median of --loads runs)
  - code:        ``search_by_code`` with prefixes of 3–5 positions cut from real codes
  - description: ``search_by_description`` with 1–8 letters of real description words, and
                 two-word queries ("akut hj"), both systems
  - one letter:  ``search_by_description`` with a single letter, the widest query there is
Prints a table and writes bench/results/diagnosis_search.json.

    .venv/bin/python bench/diagnosis_search_benchmark.py [--queries 5000] [--limit 20] [--seed 4]
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "services" / "certificate"))

from bus_benchmark import machine  # noqa: E402
from webcert_certificate.adapters.code_lists import CodeListIndex, words  # noqa: E402
from webcert_certificate.domain.diagnoses import CodeSystem  # noqa: E402


def time_loads(runs: int) -> tuple[float, CodeListIndex]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        index = CodeListIndex.load()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), index


def code_queries(index: CodeListIndex, count: int, rng: random.Random) -> list[tuple[CodeSystem, str]]:
    codes = {system: sorted(index._index(system).descriptions) for system in CodeSystem}  # noqa: SLF001
    queries = []
    for _ in range(count):
        system = rng.choice(list(CodeSystem))
        code = rng.choice(codes[system])
        queries.append((system, code[:rng.randint(3, len(code))]))
    return queries


def description_queries(index: CodeListIndex, count: int, rng: random.Random, *,
                        one_letter: bool = False) -> list[tuple[CodeSystem, str]]:
    queries = []
    for _ in range(count):
        system = CodeSystem.ICD_10_SE if rng.random() < 0.8 else CodeSystem.KSH_97_P
        entry = rng.choice(index._index(system).entries)  # noqa: SLF001 (bench only)
        text_words = list(words(entry.description))
        if one_letter:
            queries.append((system, text_words[0][0]))
        elif len(text_words) > 1 and rng.random() < 0.3:
            queries.append((system, f"{text_words[0]} {text_words[1][:rng.randint(1, 4)]}"))
        else:
            word = rng.choice(text_words)
            queries.append((system, word[:rng.randint(1, 8)]))
    return queries


def run(search, queries: list[tuple[CodeSystem, str]], limit: int) -> dict:
    latencies = []
    started = time.perf_counter()
    for system, text in queries:
        began = time.perf_counter()
        search(system, text, limit)
        latencies.append(time.perf_counter() - began)
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "queries": len(queries),
        "per_second": round(len(queries) / elapsed),
        "median_ms": round(statistics.median(latencies) * 1000, 3),
        "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 3),
        "max_ms": round(latencies[-1] * 1000, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=5000)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--output", default=str(HERE / "results" / "diagnosis_search.json"))
    args = parser.parse_args()

    load_seconds, index = time_loads(args.loads)
    rng = random.Random(args.seed)
    results = {
        "code": run(index.search_by_code, code_queries(index, args.queries, rng), args.limit),
        "description": run(index.search_by_description, description_queries(index, args.queries, rng), args.limit),
        "description_one_letter": run(index.search_by_description,
                                      description_queries(index, args.queries // 5, rng, one_letter=True),
                                      args.limit),
    }
    report = {
        "limit": args.limit,
        "seed": args.seed,
        "rows": {system.label: index.size(system) for system in CodeSystem},
        "load_seconds_median": round(load_seconds, 3),
        "searches": results,
        "machine": machine(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    print(f"load (median of {args.loads}): {load_seconds:.3f} s   rows: {report['rows']}")
    print(f"{'search':<24}{'queries':>9}{'per s':>10}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}")
    for name, figures in results.items():
        print(f"{name:<24}{figures['queries']:>9}{figures['per_second']:>10}{figures['median_ms']:>11}"
              f"{figures['p95_ms']:>9}{figures['max_ms']:>9}")
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
