"""The store and service unit suites again, on a real PostgreSQL cluster."""
import os
import subprocess

from harness import binary, on_cleanup, run_tests
from postgres_cluster import PostgresCluster


def suite(name):
    path = os.path.join(os.path.dirname(binary()), name)
    assert os.path.exists(path), path
    return path


def run_suite(name, env, *args):
    result = subprocess.run([suite(name), "--gtest_brief=1", *args], env={**os.environ, **env},
                            capture_output=True, timeout=600, cwd=os.path.join(os.path.dirname(__file__), "..", ".."))
    output = result.stdout.decode(errors="replace")
    assert result.returncode == 0, output[-4000:] + result.stderr.decode(errors="replace")[-2000:]
    return output


def test_store_suite_on_postgres(tmp):
    cluster = PostgresCluster()
    on_cleanup(cluster.stop)
    out = run_suite("store_tests", {"SHOPDESK_TEST_POSTGRES_URL": cluster.create_database()},
                    "--gtest_filter=Backends/StoreTest.*/2")  # the PostgreSQL instance
    assert "[  PASSED  ] 8 tests" in out and "SKIPPED" not in out, out


def test_service_suite_on_postgres(tmp):
    cluster = PostgresCluster()
    on_cleanup(cluster.stop)
    out = run_suite("services_tests", {"SHOPDESK_TEST_DB": cluster.create_database()})
    assert "[  PASSED  ] 27 tests" in out, out


def test_database_outage_is_reported_and_survived(tmp):
    import time
    from harness import Shopdesk, mail, wait_for
    sd = Shopdesk(tmp)  # on PostgreSQL: this file runs with SHOPDESK_TEST_BACKEND=postgresql
    token = sd.setup_shop()
    sd.serve("--no-workers")
    on_cleanup(sd.kill)
    import harness
    cluster = harness._cluster
    from postgres_cluster import _as_postgres, _bin
    _as_postgres([_bin("pg_ctl"), "-D", cluster.data, "-m", "fast", "-w", "stop"])
    status, body, _ = sd.api("GET", "/healthz")
    assert status == 503 and body["database"] == "unreachable", body
    status, body, _ = sd.api("GET", "/api/v1/conversations", token)
    assert status == 503 and body["error"]["code"] == "unavailable", body
    _as_postgres([_bin("pg_ctl"), "-D", cluster.data, "-o", cluster.options, "-l",
                  os.path.join(cluster.dir, "log"), "-w", "start"])
    wait_for(lambda: sd.api("GET", "/healthz")[0] == 200, what="the database to come back")
    status, body, _ = sd.api("POST", "/api/v1/channels/1/messages", token,
                             raw=mail("復旧後", "届きました", "after@example.jp"))
    assert status == 201, body
    status, page, _ = sd.api("GET", "/api/v1/conversations", token)
    assert status == 200 and page["items"][0]["subject"] == "復旧後"


if __name__ == "__main__":
    run_tests(globals())
