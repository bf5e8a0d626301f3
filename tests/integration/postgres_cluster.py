"""A throw-away PostgreSQL cluster on loopback, in a temporary directory.

PostgreSQL refuses to run as root, so the cluster belongs to the 'postgres' user that
Debian's package creates; initdb and pg_ctl run through runuser.
"""
import glob
import os
import shutil
import subprocess
import tempfile

from harness import free_port, wait_for


def _bin(name):
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/" + name))
    assert found, "PostgreSQL is not installed (scripts/install-deps.sh installs it)"
    return found[-1]


def _as_postgres(args, **kwargs):
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--"] + args
    return subprocess.run(args, check=True, capture_output=True, **kwargs)


class PostgresCluster:
    """durable=False turns fsync off (tests); benchmarks keep PostgreSQL's defaults."""

    def __init__(self, durable=False):
        self.dir = tempfile.mkdtemp(prefix="shopdesk-pg-")
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = os.path.join(self.dir, "data")
        self.port = free_port()
        _as_postgres([_bin("initdb"), "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                      "--locale=C", "--no-sync"])
        self.options = "-p %d -k %s -c listen_addresses=127.0.0.1 -c max_connections=200" % (
            self.port, self.dir) + ("" if durable else " -c fsync=off")
        _as_postgres([_bin("pg_ctl"), "-D", self.data, "-o", self.options, "-l", os.path.join(self.dir, "log"),
                      "-w", "start"])
        self.base = "postgresql://postgres@127.0.0.1:%d" % self.port
        self.count = 0

    def create_database(self, prefix="shopdesk"):
        self.count += 1
        name = "%s_%d" % (prefix, self.count)
        subprocess.run([_bin("psql"), "-q", "-d", self.base + "/postgres", "-c", "CREATE DATABASE " + name],
                       check=True, capture_output=True)
        return "%s/%s" % (self.base, name)

    def stop(self):
        try:
            _as_postgres([_bin("pg_ctl"), "-D", self.data, "-m", "immediate", "stop"])
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


if __name__ == "__main__":
    # For scripts: `postgres_cluster.py start` prints "URL DIR"; `postgres_cluster.py stop DIR`.
    import sys
    if sys.argv[1:2] == ["start"]:
        c = PostgresCluster(durable=True)
        print(c.create_database("bench"), c.dir)
    elif sys.argv[1:2] == ["stop"]:
        directory = sys.argv[2]
        _as_postgres([_bin("pg_ctl"), "-D", os.path.join(directory, "data"), "-m", "immediate", "stop"])
        shutil.rmtree(directory, ignore_errors=True)
