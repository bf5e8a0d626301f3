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
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="shopdesk-pg-")
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = os.path.join(self.dir, "data")
        self.port = free_port()
        _as_postgres([_bin("initdb"), "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                      "--locale=C", "--no-sync"])
        self.options = "-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" % (
            self.port, self.dir)
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
