"""`make run`: the whole system on this machine, no AWS account. Ctrl-C stops it."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "bops" / "python")]


STOP_SECONDS = 10


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8000, help="the site's and the API's port (default 8000)")
    parser.add_argument("--api-port", type=int, default=0, help="the API's internal port (default: any free)")
    parser.add_argument(
        "--moto-port", type=int, default=0, help="the embedded AWS emulation's port (default: any free)"
    )
    parser.add_argument(
        "--public-url",
        default="",
        help="where people reach the site, for links in emails (default: the address it is served on)",
    )
    parser.add_argument("--credentials", default=str(ROOT / ".bops-local" / "credentials.json"))
    args = parser.parse_args()

    # Workflow timers sleep until their deadline, a moment fixed when they fall asleep; moving the demo
    # clock (/local/clock) cannot wake them, so here they also look at the clock again every 30 s and a
    # consultation ends or a case goes overdue within half a minute of the move. (AWS: no re-check.)
    os.environ.setdefault("BOPS_TIMER_RECHECK_SECONDS", "30")
    from local import demo, runtime, web

    try:
        if web.needs_build():
            print("Building the front end (npm ci, npm run build) ...", flush=True)
            web.build_frontend()
    except (web.FrontendUnavailable, OSError, subprocess.CalledProcessError) as error:
        print(f"The front end could not be built ({error}); serving the API only.", flush=True)
    print("Starting the embedded AWS emulation (moto) and the API ...", flush=True)
    rt = runtime.start(moto_port=args.moto_port or None, api_port=args.api_port or None, web_port=args.port)
    if args.public_url:  # served behind a proxy or on another name: links say where people reach it
        from bops.config import use_public_url

        use_public_url(args.public_url)
    stopped = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    try:
        print("Seeding the demo council with the 13 ODP example submissions ...", flush=True)
        credentials = demo.seed(rt.resources, rt.api_url)
        demo.write_credentials(credentials, Path(args.credentials))
        print(
            f"\nBoPS is running.\n"
            f"  Open:         {rt.web_url}/   (the officer site; sign in as below)\n"
            f"  API:          {rt.api_url}/api/v1/applications   (OpenAPI: {rt.api_url}/api/v1/openapi.json)\n"
            f"  Officer:      {credentials['officer']['username']} / {credentials['officer']['password']}"
            f"   (also: reviewer, admin — same password)\n"
            f"  API token:    {credentials['api_token']}\n"
            f"  AWS (moto):   {rt.moto_url}\n"
            f"  Credentials:  {args.credentials}\n"
            f"  Demo clock:   {rt.web_url}/outbox.html   (move the system's date forward to end a consultation)\n"
            f"Press Ctrl-C to stop.",
            flush=True,
        )
        while not stopped.wait(1):  # a timed wait: the signal handler runs between the waits
            pass
    finally:
        print("\nStopping ...", flush=True)
        # A server thread may be inside a request (a workflow retrying, a browser's long poll) and its
        # shutdown would wait for it; everything lives in memory, so give the stop a bound and then leave.
        stopping = threading.Thread(target=rt.stop, name="bops-stop", daemon=True)
        stopping.start()
        stopping.join(STOP_SECONDS)
    return 0


if __name__ == "__main__":
    code = main()
    # moto runs each workflow execution in a thread of its own, which may be asleep in a Wait state (up to
    # the local timer ceiling) and would then retry against the stopped emulation: everything lived in
    # memory, so leave now rather than wait for them.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
