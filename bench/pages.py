"""Throughput and latency of the portal's pages, served as in production: `make bench`.

Builds the realistic site (tests/support/realistic_site.py: 10,000 pages, pictures in S3)
in a PostgreSQL template database named after a hash of its recipe, so that a second run
copies it in seconds instead of building it again; starts SeaweedFS, collects the static
files into a temporary folder and runs gunicorn (2 workers, production settings plus
portal/settings/bench.py) on loopback with Redis; then drives each URL with wrk, first
with the page cache off (PAGE_CACHE_SECONDS=0), then on. Prints the table and writes it,
with the machine's description, to docs/benchmarks.md. Stops all it started, on Ctrl-C
or failure too.

Variables: BENCH_POSTGRES_URL (the server, default postgres://postgres@127.0.0.1:5432),
BENCH_REDIS_URL (default redis://127.0.0.1:6379/8, flushed), BENCH_SECONDS (wrk's run per
URL, default 10), BENCH_CONNECTIONS (default 4), BENCH_SCALE (1: the full site; 0.05 for a
quick try), BENCH_REBUILD=1 (build the data set again), BENCH_OUTPUT (default
docs/benchmarks.md; empty: print only).
"""

import contextlib
import datetime
import fcntl
import hashlib
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import Row, format_table, median, parse_wrk, resident_mb  # noqa: E402
from bench.serving import TRIVIAL_PATH  # noqa: E402

PYTHON = sys.executable
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
DATABASE = "bench_portal"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WARM_UP_SECONDS = 2
ALONE_SECONDS = max(2, SECONDS // 2)
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
WORKERS = 2
BUILD_WORKERS = 4
CACHED_SECONDS = 600
OUTPUT = os.environ.get("BENCH_OUTPUT", str(ROOT / "docs" / "benchmarks.md"))
KEPT = ROOT / "tmp" / "bench"
# Behind the TLS proxy production runs behind (TRUST_X_FORWARDED_PROTO): plain HTTP on
# loopback, marked as having come in over HTTPS.
FORWARDED = {"X-Forwarded-Proto": "https"}
# What the data set is made from: a change to any of these builds it again.
RECIPE = [
    "tests/support/realistic_site.py",
    "tests/support/bulk_pages.py",
    "bench/dataset.py",
    "home/pictures.py",
    "home/sharecards.py",
    "requirements.lock",
    "demo/**/*",
    "*/migrations/*.py",
]


def say(message):
    print(message, flush=True)


def recipe_hash():
    digest = hashlib.sha256(f"scale={SCALE}".encode())
    for pattern in RECIPE:
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file() and ".venv" not in path.parts and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# ---------------------------------------------------------------- PostgreSQL


def admin_connection(database="postgres"):
    import psycopg

    return psycopg.connect(f"{POSTGRES_URL}/{database}", autocommit=True)


def database_exists(name):
    with admin_connection() as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()


def drop_database(name):
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_database(template, name):
    drop_database(name)
    with admin_connection() as connection:
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def old_templates(keep):
    with admin_connection() as connection:
        rows = connection.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'bench_portal_template_%%'"
        ).fetchall()
    return [name for (name,) in rows if name != keep]


def postgres_version():
    with admin_connection() as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


# ---------------------------------------------------------------- processes


def django_environment(database, seaweedfs, static_root=""):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.bench",
        "DATABASE_URL": f"{POSTGRES_URL}/{database}",
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "bench-" + hashlib.sha256(os.urandom(32)).hexdigest(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "TRUST_X_FORWARDED_PROTO": "True",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(static_root),
        **seaweedfs.environment(),
    }


def run(command, env, **kwargs):
    subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)  # noqa: S603


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def find_wrk():
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("wrk (the load tool) is missing: apt-get install -y wrk")
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=False)  # noqa: S607
        found = shutil.which("wrk")
    if not found:
        sys.exit("make bench needs wrk, the HTTP load tool: sudo apt-get install wrk")
    return found


class Gunicorn:
    def __init__(self, env, port):
        self.env, self.port, self.process = env, port, None

    def start(self):
        command = [str(Path(PYTHON).parent / "gunicorn")]
        if (ROOT / "gunicorn.conf.py").exists():
            command += ["-c", "gunicorn.conf.py"]
        command += [
            "--workers", str(WORKERS), "--bind", f"127.0.0.1:{self.port}",
            "--error-logfile", "-", "--log-level", "warning",
            "portal.wsgi",
        ]  # fmt: skip
        self.process = subprocess.Popen(  # noqa: S603
            command, env=self.env, cwd=ROOT, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with code {self.process.returncode}")
            try:
                status, _headers, _body = get(self.port, "/healthz")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def worker_memory_mb(self):
        """The resident memory of each live worker. A worker that has just reached
        gunicorn's max_requests is exiting (a zombie has no VmRSS) and is left out."""
        memory = []
        for pid in self.worker_pids():
            try:
                memory.append(resident_mb(Path(f"/proc/{pid}/status").read_text()))
            except (OSError, ValueError):
                continue
        return memory

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=FORWARDED)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wrk(binary, port, path, seconds, connections):
    command = [
        binary, "--latency", "-t", "1", "-c", str(connections), "-d", f"{seconds}s",
        "--timeout", "10s", *(f"-H{name}: {value}" for name, value in FORWARDED.items()),
        f"http://127.0.0.1:{port}{path}",
    ]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return parse_wrk(output.stdout)


# ---------------------------------------------------------------- the data set


def build_template(template, seaweedfs, media):
    """Migrate and fill a new database, then keep it as `template`."""
    building = f"{template}_building"
    drop_database(building)
    with admin_connection() as connection:
        connection.execute(f'CREATE DATABASE "{building}"')
    env = django_environment(building, seaweedfs)
    started = time.monotonic()
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    migrated = time.monotonic()
    run([PYTHON, "-m", "bench.dataset", str(media / "targets.json")], env)
    filled = time.monotonic()
    # The jobs wait on S3 as much as on the CPU: several workers (the queue hands each job
    # to one) finish them sooner.
    workers = [
        subprocess.Popen([PYTHON, "manage.py", "run_worker", "--once"], env=env, cwd=ROOT)  # noqa: S603
        for _worker in range(BUILD_WORKERS)
    ]
    try:
        exit_codes = [worker.wait() for worker in workers]
        if any(exit_codes):
            raise RuntimeError("the worker failed while building the data set")
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(10)
    worked = time.monotonic()
    # What autovacuum does on a server after a bulk load (it may be off on a test machine):
    # without it the planner has no statistics and index-only scans read the table.
    with admin_connection(building) as connection:
        connection.execute("VACUUM ANALYZE")
    done = time.monotonic()
    with admin_connection() as connection:
        connection.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
    timings = {
        "migrate": migrated - started,
        "content": filled - migrated,
        "worker (renditions, share cards)": worked - filled,
        "VACUUM ANALYZE": done - worked,
    }
    say(
        "data set built in "
        + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in timings.items())
        + f": {done - started:.0f} s"
    )
    (media / "build-seconds").write_text(f"{done - started:.0f}")
    return done - started


# ---------------------------------------------------------------- measuring


def measure(wrk_binary, port, name, path):
    for _attempt in range(3):  # the first views fill the site's caches, renditions
        status, headers, body = get(port, path)
    if status != 200:
        raise RuntimeError(f"{name}: {path} answered {status}, not 200")
    wrk(wrk_binary, port, path, WARM_UP_SECONDS, CONNECTIONS)
    load = wrk(wrk_binary, port, path, SECONDS, CONNECTIONS)
    alone = wrk(wrk_binary, port, path, ALONE_SECONDS, 1)
    status, headers, body = get(port, path)
    queries = headers.get("X-SQL-Queries")
    row = Row(
        name=name,
        path=path,
        load=load,
        alone=alone,
        queries=int(queries) if queries is not None else None,
        size_bytes=len(body),
        page_cache=headers.get("X-Page-Cache", ""),
    )
    say(
        f"  {name:<18} {load.requests_per_second:7.0f} req/s  p50 {load.p50_ms:6.1f} ms  "
        f"p99 {load.p99_ms:6.1f} ms  alone {alone.p50_ms:6.1f} ms  {queries} queries"
    )
    return row


def run_mode(label, page_cache_seconds, env, wrk_binary, pages):
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    port = free_port()
    server = Gunicorn({**env, "PAGE_CACHE_SECONDS": str(page_cache_seconds)}, port)
    say(f"{label}: gunicorn ({WORKERS} workers) on 127.0.0.1:{port}")
    try:
        server.start()
        trivial = measure(wrk_binary, port, "trivial view", f"/{TRIVIAL_PATH}")
        rows = [measure(wrk_binary, port, name, path) for name, path in pages]
        memory = server.worker_memory_mb()
    finally:
        server.stop()
    return trivial, rows, memory


def machine():
    import redis

    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    redis_version = redis.Redis.from_url(REDIS_URL).info()["redis_version"]
    gunicorn = subprocess.run(  # noqa: S603 - the virtualenv's own
        [str(Path(PYTHON).parent / "gunicorn"), "--version"], capture_output=True, text=True
    ).stdout.strip()
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True)  # noqa: S607
    return {
        "CPU": f"{os.cpu_count()} cores, {cpu}",
        "memory": f"{memory_kb / 1024 / 1024:.1f} GB",
        "system": platform.platform(),
        "Python": platform.python_version(),
        "PostgreSQL": postgres_version(),
        "Redis": redis_version,
        "gunicorn": gunicorn or "?",
        "load tool": (wrk_version.stdout or wrk_version.stderr).split("\n")[0][:40],
        "load average at start": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
    }


def document(results, counts, description, build_note, page_cache_present):
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (bench/pages.py); run it again to refresh this page.",
        f"Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        "## How",
        "",
        f"Production settings (plus a trivial view and a query-count header: "
        f"portal/settings/bench.py), gunicorn with {WORKERS} workers on loopback, PostgreSQL, "
        "Redis, media on S3 (SeaweedFS). The load tool runs on the same machine, so it takes "
        f"CPU from the server. For each URL: {WARM_UP_SECONDS} s of warm-up, then wrk with "
        f"{CONNECTIONS} connections for {SECONDS} s (req/s, p50, p99), then one connection "
        f"for {ALONE_SECONDS} s (its p50 is the server time of one page). The ratio is the "
        "URL's throughput over the trivial view's (the middleware alone). SQL queries: "
        "counted by the server for a warm request (`X-SQL-Queries`).",
        "",
        "Data set: " + ", ".join(f"{number:,} {name}" for name, number in counts.items()) + ".",
        build_note,
        "",
        "## Machine",
        "",
        *(f"- {name}: {value}" for name, value in description.items()),
        "",
    ]
    load_average = float(description["load average at start"].split()[0])
    if load_average > (os.cpu_count() or 1):
        lines += [
            f"**The machine was busy with other work** (load average {load_average:.1f} on "
            f"{os.cpu_count()} cores when the run started): every figure below is slower, "
            "and the ratios noisier, than on a machine left to the benchmark.",
            "",
        ]
    for label, (trivial, rows, memory) in results.items():
        lines += [f"## {label}", "", format_table([trivial, *rows], trivial), ""]
        pages = [
            row
            for row in rows
            if row.name not in ("news feed", "static file") and row.alone.requests
        ]
        lines.append(
            f"Median server time per page: {median([row.alone.p50_ms for row in pages]):.1f} ms. "
            "Gunicorn workers' resident memory after the run: "
            + ", ".join(f"{megabytes:.0f} MB" for megabytes in memory)
            + "."
        )
        lines.append("")
    if not page_cache_present:
        lines += [
            "Note: no page cache answered (no `X-Page-Cache` header): on this branch the "
            "cached run measures the same uncached pages.",
            "",
        ]
    return "\n".join(lines)


def main():
    started = time.monotonic()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    # Ctrl-C stops the run and what it started, even when started with SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    wrk_binary = find_wrk()
    from portal.seaweedfs import SeaweedFS

    recipe = recipe_hash()
    template = f"bench_portal_template_{recipe}"
    media = KEPT / f"seaweedfs-{recipe}"
    KEPT.mkdir(parents=True, exist_ok=True)
    # One run at a time: a second would drop the database the first is measuring.
    lock = open(KEPT / "lock", "w")  # noqa: SIM115 - held until the process ends
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        sys.exit("another make bench is running on this machine (tmp/bench/lock)")
    built = (
        database_exists(template)
        and (media / "complete").exists()
        and (media / "targets.json").exists()
        and os.environ.get("BENCH_REBUILD") != "1"
    )
    with contextlib.ExitStack() as cleanup:
        if not built:
            for old in old_templates(template):
                drop_database(old)
            for old in KEPT.glob("seaweedfs-*"):
                shutil.rmtree(old)
        seaweedfs = SeaweedFS(media).start()
        cleanup.callback(seaweedfs.stop)
        if built:
            build_note = (
                f"Data set kept from an earlier run (template database {template}; building "
                f"it took {(media / 'build-seconds').read_text()} s)."
            )
            say(f"data set kept: {template}")
        else:
            say(f"building the data set (scale {SCALE}): a few minutes, once")
            seconds = build_template(template, seaweedfs, media)
            (media / "complete").write_text(template)
            build_note = f"Building the data set took {seconds:.0f} s on this run."
        copied = time.monotonic()
        copy_database(template, DATABASE)
        cleanup.callback(drop_database, DATABASE)
        say(f"{DATABASE} copied from the template in {time.monotonic() - copied:.1f} s")
        data = json.loads((media / "targets.json").read_text())
        static_root = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
        env = django_environment(DATABASE, seaweedfs, static_root)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
        manifest = json.loads((static_root / "staticfiles.json").read_text())
        pages = [
            *[tuple(target) for target in data["targets"]],
            ("static file", "/static/" + manifest["paths"]["css/portal.css"]),
        ]
        description = machine()
        results = {}
        for label, seconds in (
            ("Uncached (PAGE_CACHE_SECONDS=0)", 0),
            (f"Cached (PAGE_CACHE_SECONDS={CACHED_SECONDS})", CACHED_SECONDS),
        ):
            results[label] = run_mode(label, seconds, env, wrk_binary, pages)
    page_cache_present = any(row.page_cache for _t, rows, _m in results.values() for row in rows)
    text = document(results, data["counts"], description, build_note, page_cache_present)
    print()
    print(text)
    if OUTPUT:
        Path(OUTPUT).write_text(text)
        say(f"written to {OUTPUT}")
    say(f"bench/pages.py took {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("interrupted: everything make bench started is stopped")
