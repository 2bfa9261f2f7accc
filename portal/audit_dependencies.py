"""`make lint`'s dependency audit: pip-audit on requirements.lock, where it can work.

pip-audit asks PyPI's advisory data about every pinned package. Where that data cannot be
had (no network, or a mirror that serves packages but not advisories, which would make
pip-audit report "no known vulnerabilities" having checked nothing), the audit says so in
one line and passes; where it can, pip-audit's verdict is final, and a package it cannot
check fails the audit too (--strict).

    python -m portal.audit_dependencies [requirements.lock]
"""

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

# A release with published advisories: if PyPI lists none for it, the advisory data is
# not what this machine is reading.
PROBE_URL = os.environ.get("PORTAL_AUDIT_PROBE_URL", "https://pypi.org/pypi/django/3.2/json")
PROBE_TIMEOUT_SECONDS = 10


def advisories_reachable(url=PROBE_URL, timeout=PROBE_TIMEOUT_SECONDS):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - fixed https URL
            data = json.load(response)
    except (OSError, ValueError):
        return False
    return bool(data.get("vulnerabilities"))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    requirements = argv[0] if argv else "requirements.lock"
    if not advisories_reachable():
        print(f"Dependency audit skipped: no advisory data reachable from here ({PROBE_URL}).")
        return 0
    pip_audit = Path(sys.executable).with_name("pip-audit")
    command = [
        str(pip_audit),
        "--requirement",
        requirements,
        "--no-deps",
        "--disable-pip",
        "--strict",
        "--progress-spinner",
        "off",
    ]
    return subprocess.run(command, check=False).returncode  # noqa: S603 - our own venv's tool


if __name__ == "__main__":
    sys.exit(main())
