"""Run the test tiers one after another and say plainly what ran.

``make test`` = unit, service, system, browser. A tier whose outside dependency is missing
(RabbitMQ, PostgreSQL, Chromium) is reported as not run -- and under CI (``CI=true``) that
is a failure, not a skip. The last line is the total: ``total: N passed, N failed, N skipped``.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIERS = {
    "unit": ["services/common/tests/unit", "services/auth/tests/unit", "services/pu-lookup/tests/unit",
             "services/certificate/tests/unit", "services/messaging/tests/unit", "services/pdf/tests/unit",
             "gateway/tests/unit",
             "deploy/simulators", "deploy/tests", "tests/contract"],
    "service": ["services/common/tests/integration", "services/auth/tests/integration",
                "services/pu-lookup/tests/integration", "services/certificate/tests/integration",
                "services/messaging/tests/integration",
                "services/pdf/tests/integration", "gateway/tests/integration"],
    "system": ["tests/system"],
    "browser": ["tests/browser"],
}
NEEDS = {"system": ["rabbitmq", "postgres"], "browser": ["chromium"]}


def reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


def missing(tier: str) -> list[str]:
    checks = {
        "rabbitmq": lambda: reachable(5672),
        "postgres": lambda: reachable(5432),
        "chromium": lambda: bool(shutil.which("chromium") or os.environ.get("CHROMIUM_PATH")),
    }
    return [need for need in NEEDS.get(tier, []) if not checks[need]()]


def run_tier(tier: str) -> tuple[int, dict]:
    paths = [p for p in TIERS[tier] if (ROOT / p).exists()]
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    if not paths:
        return 5, counts
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "junit.xml"
        code = subprocess.call([sys.executable, "-m", "pytest", *paths, "-q", f"--junitxml={report}"], cwd=ROOT)
        if report.exists():
            for suite in ET.parse(report).getroot().iter("testsuite"):
                tests = int(suite.get("tests", 0))
                failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
                skipped = int(suite.get("skipped", 0))
                counts["failed"] += failed
                counts["skipped"] += skipped
                counts["passed"] += tests - failed - skipped
    return code, counts


def main(tiers: list[str]) -> int:
    in_ci = os.environ.get("CI") == "true" or os.environ.get("WEBCERT_REQUIRE_SERVICES") == "1"
    summary, total, failed_tiers = [], {"passed": 0, "failed": 0, "skipped": 0}, []
    for tier in tiers:
        lacking = missing(tier)
        if lacking:
            summary.append(f"{tier:8} NOT RUN: {', '.join(lacking)} not available on this machine")
            if in_ci:
                failed_tiers.append(tier)
            continue
        print(f"\n=== tier: {tier} ===", flush=True)
        code, counts = run_tier(tier)
        for key in total:
            total[key] += counts[key]
        if code == 5:
            summary.append(f"{tier:8} no tests collected")
        elif code != 0:
            summary.append(f"{tier:8} FAILED ({counts['passed']} passed, {counts['failed']} failed)")
            failed_tiers.append(tier)
        else:
            summary.append(f"{tier:8} ok ({counts['passed']} passed, {counts['skipped']} skipped)")
    print("\n=== summary ===")
    for line in summary:
        print(line)
    print(f"total: {total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped")
    return 1 if failed_tiers else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or list(TIERS)))
