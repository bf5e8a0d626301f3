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
    assert "[  PASSED  ] 7 tests" in out and "SKIPPED" not in out, out


def test_service_suite_on_postgres(tmp):
    cluster = PostgresCluster()
    on_cleanup(cluster.stop)
    out = run_suite("services_tests", {"SHOPDESK_TEST_DB": cluster.create_database()})
    assert "[  PASSED  ] 27 tests" in out, out


if __name__ == "__main__":
    run_tests(globals())
