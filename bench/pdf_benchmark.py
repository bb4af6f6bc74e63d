"""PDF rendering benchmark (issue 6; run on demand, not a test).

Measures, warm and single-threaded, in one process:
  - long FK7804:  ``build_document`` + ``ReportlabRenderer.render`` of an FK7804 whose free-text
                  answers are as long as the type allows (several pages), as the PDF service does
                  for every ``POST /render``
  - through app:  the same request through the Flask app (JSON, schema, handler, PDF; WSGI test
                  client, no network)
  - longer:       the same with every free-text answer longer than the type allows (more pages),
                  for the cost of one more page
  - empty page:   reportlab alone: one A4 page with one line in each of the same two embedded
                  fonts (Vera, Vera Bold), ``invariant=1`` -- the floor any PDF from this library pays
Prints a table and writes bench/results/pdf.json.

    .venv/bin/python bench/pdf_benchmark.py [--count 200] [--warmup 20]
"""
from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for path in ("services/common", "services/certificate", "services/pdf", "services/pdf/tests/unit"):
    sys.path.insert(0, str(ROOT / path))

from bus_benchmark import machine  # noqa: E402
from pdf_examples import long_fk7804_content, render_request  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402
from webcert_pdf.adapters.fonts import BOLD, REGULAR, register_fonts  # noqa: E402
from webcert_pdf.adapters.reportlab_renderer import ReportlabRenderer  # noqa: E402
from webcert_pdf.config import PdfConfig  # noqa: E402
from webcert_pdf.domain.document import build_document  # noqa: E402
from webcert_pdf.entrypoints.app import create_app  # noqa: E402


def timed(work, count: int, warmup: int) -> dict:
    for _ in range(warmup):
        work()
    seconds = []
    started = time.perf_counter()
    for _ in range(count):
        one = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - one)
    wall = time.perf_counter() - started
    seconds.sort()
    return {"count": count, "per_second": round(count / wall, 1),
            "median_ms": round(statistics.median(seconds) * 1000, 2),
            "p95_ms": round(seconds[int(len(seconds) * 0.95) - 1] * 1000, 2),
            "max_ms": round(seconds[-1] * 1000, 2)}


def empty_page() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setFont(REGULAR, 10)
    canvas.drawString(72, 750, "Webcert")
    canvas.setFont(BOLD, 10)
    canvas.drawString(72, 735, "Webcert")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def renderer_work(renderer: ReportlabRenderer, request: dict):
    def work() -> bytes:
        return renderer.render(build_document(request["definition"], request["certificate"], request["printed_at"]))
    return work


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--output", default=str(HERE / "results" / "pdf.json"))
    args = parser.parse_args()

    register_fonts()
    renderer = ReportlabRenderer()
    long_request = render_request("FK7804", "DRAFT", content=long_fk7804_content(paragraphs=6))
    longer_request = render_request("FK7804", "DRAFT", content=long_fk7804_content(paragraphs=6, within_limits=False))
    client = create_app(PdfConfig(), renderer=renderer).test_client()
    body = json.dumps(long_request)

    def through_app() -> bytes:
        answer = client.post("/render", data=body, content_type="application/json")
        assert answer.status_code == 200, answer.get_json()
        return answer.data

    long_work, longer_work = renderer_work(renderer, long_request), renderer_work(renderer, longer_request)
    pages = {"long": page_count(long_work()), "longer": page_count(longer_work()), "empty": page_count(empty_page())}
    assert through_app() == long_work(), "the app and the renderer give the same bytes"
    results = {
        "long_fk7804": timed(long_work, args.count, args.warmup),
        "long_fk7804_through_app": timed(through_app, args.count, args.warmup),
        "longer_fk7804": timed(longer_work, args.count // 2, args.warmup),
        "empty_page": timed(empty_page, args.count, args.warmup),
    }
    long_ms, longer_ms = results["long_fk7804"]["median_ms"], results["longer_fk7804"]["median_ms"]
    empty_ms = results["empty_page"]["median_ms"]
    per_page = {
        "over_empty_page_ms": round((long_ms - empty_ms) / pages["long"], 2),
        "marginal_ms": round((longer_ms - long_ms) / max(pages["longer"] - pages["long"], 1), 2),
        "long_vs_empty_page": round(long_ms / empty_ms, 1),
    }
    report = {"pages": pages, "request_bytes": len(body), "pdf_bytes": len(long_work()), "renders": results,
              "per_page": per_page, "machine": machine(),
              "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    print(f"pages: long FK7804 {pages['long']}, longer {pages['longer']}; request {len(body)} B, "
          f"PDF {report['pdf_bytes']} B")
    print(f"{'render':<28}{'count':>7}{'per s':>9}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}")
    for name, figures in results.items():
        print(f"{name:<28}{figures['count']:>7}{figures['per_second']:>9}{figures['median_ms']:>11}"
              f"{figures['p95_ms']:>9}{figures['max_ms']:>9}")
    print(f"per page: {per_page['over_empty_page_ms']} ms over the empty page, {per_page['marginal_ms']} ms "
          f"marginal; the long FK7804 costs {per_page['long_vs_empty_page']}x an empty page")
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
