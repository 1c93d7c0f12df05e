"""Seeds many applications through `make run`'s intake API and reports the server's memory.

    .venv/bin/python scripts/seed_many.py                  # 1,000 submissions; fails if the server passes 2 GB
    .venv/bin/python scripts/seed_many.py --count 200      # a quicker look

Starts ``local/run.py`` as ``make run`` does (its own ports and credentials file), posts ``--count`` ODP
submissions (the 13 bundled examples in turn, each with a fresh metadata.id) with ``--concurrency`` callers,
waits until the workflows of the last few have reached the officer's validation decision, then stops the
server. The server's resident memory is read from /proc (Linux): ``peak_rss_mb`` is the kernel's high-water
mark (VmHWM) for the whole run, demo seeding included. Exit status 1 if the peak reaches ``--limit-mb``, a
submission fails, or the server printed a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "local" / "demo_data" / "odp").rglob("*.json"))
START_WAIT = 240.0  # seconds for the server to start and seed the demo, on a busy machine
SETTLE_WAIT = 600.0  # seconds for the last workflows to reach the validation decision


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def memory_mb(pid: int) -> dict[str, float]:
    """The process's resident memory now (VmRSS) and its peak so far (VmHWM), in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024  # kB
    return {"rss": round(fields["VmRSS"], 1), "peak": round(fields["VmHWM"], 1)}


class LocalRun:
    """``local/run.py`` in a child process, its output in a file."""

    def __init__(self, folder: Path) -> None:
        self.credentials_path = folder / "credentials.json"
        self.log_path = folder / "output.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "BOPS_", "MOTO_"))}
        command = [sys.executable, "local/run.py", "--port", str(_free_port()), "--credentials"]
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and script)
                [*command, str(self.credentials_path)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )

    def wait_until_seeded(self) -> dict[str, Any]:
        deadline = time.monotonic() + START_WAIT
        while not self.credentials_path.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the local run did not start:\n" + self.log_path.read_text())
            time.sleep(0.25)
        return json.loads(self.credentials_path.read_text())

    def tracebacks(self) -> list[str]:
        chunks = self.log_path.read_text().split("Traceback (most recent call last):")[1:]
        return [chunk.strip().splitlines()[-1] for chunk in chunks]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _submission(n: int) -> bytes:
    body = json.loads(EXAMPLES[n % len(EXAMPLES)].read_text())
    body["metadata"]["id"] = str(uuid.uuid4())
    return json.dumps(body).encode()


def _wait_until(predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def measure(count: int, concurrency: int = 4, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Runs the local server, posts ``count`` submissions, and returns what it measured."""
    say = progress or (lambda _message: None)
    with tempfile.TemporaryDirectory(prefix="bops-seed-") as folder:
        run = LocalRun(Path(folder))
        try:
            credentials = run.wait_until_seeded()
            pid = run.process.pid
            api, headers = credentials["api"], {"Authorization": f"Bearer {credentials['api_token']}"}
            seeded = memory_mb(pid)
            say(f"seeded the demo: server at {seeded['rss']} MB")
            samples: list[tuple[int, float]] = []  # (submissions so far, RSS in MB)
            done = 0
            lock = threading.Lock()
            failures: list[str] = []

            def submit(n: int) -> str | None:
                nonlocal done
                response = requests.post(
                    f"{api}/api/v1/submissions",
                    data=_submission(n),
                    headers={**headers, "Content-Type": "application/json"},
                    timeout=120,
                )
                with lock:
                    done += 1
                    if response.status_code != 201:
                        failures.append(f"{response.status_code} {response.text[:200]}")
                        return None
                    if done % 100 == 0:
                        samples.append((done, memory_mb(pid)["rss"]))
                        say(f"{done} submitted: server at {samples[-1][1]} MB")
                return str(response.json()["reference"])

            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=concurrency) as pool:
                references = [r for r in pool.map(submit, range(count)) if r]
            submitting = time.monotonic() - started

            def settled(reference: str) -> bool:
                case = requests.get(f"{api}/api/v1/applications/{reference}", headers=headers, timeout=120)
                application = case.json().get("application", {}) if case.status_code == 200 else {}
                return application.get("awaiting") == "validation_decision" or bool(application.get("workflow_error"))

            last = references[-5:]
            all_settled = _wait_until(lambda: all(settled(r) for r in last), SETTLE_WAIT)
            final = memory_mb(pid)
            say(f"workflows settled: {all_settled}; server at {final['rss']} MB, peak {final['peak']} MB")
            grown = final["rss"] - seeded["rss"]
            return {
                "submissions": count,
                "accepted": len(references),
                "failures": failures[:5],
                "seconds_submitting": round(submitting, 1),
                "submissions_per_second": round(count / submitting, 1) if submitting else None,
                "workflows_settled": all_settled,
                "rss_after_seeding_mb": seeded["rss"],
                "rss_at_end_mb": final["rss"],
                "peak_rss_mb": final["peak"],
                "growth_per_case_kb": round(grown * 1024 / max(count, 1), 1),
                "rss_samples_mb": samples,
                "tracebacks": run.tracebacks(),
            }
        finally:
            run.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000, help="submissions to post (default 1000)")
    parser.add_argument("--concurrency", type=int, default=4, help="callers posting at once (default 4)")
    parser.add_argument("--limit-mb", type=float, default=2048, help="the server's peak must stay under (default 2048)")
    args = parser.parse_args()
    result = measure(args.count, args.concurrency, progress=lambda message: print(message, flush=True))
    print(json.dumps(result, indent=2))
    ok = (
        result["peak_rss_mb"] < args.limit_mb
        and result["accepted"] == args.count
        and result["workflows_settled"]
        and not result["tracebacks"]
    )
    print(f"{'OK' if ok else 'FAILED'}: peak {result['peak_rss_mb']} MB (limit {args.limit_mb:.0f} MB)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
