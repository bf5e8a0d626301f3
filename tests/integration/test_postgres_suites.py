"""The store and service unit suites again, on a real PostgreSQL cluster."""
import os
import re
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


def gtest_counts(output):
    """(tests run, tests passed) from gtest's summary."""
    ran = re.search(r"\[==========\] (\d+) tests? from", output)
    passed = re.search(r"\[  PASSED  \] (\d+) tests?", output)
    return int(ran.group(1)) if ran else -1, int(passed.group(1)) if passed else -2


def test_store_suite_on_postgres(tmp):
    cluster = PostgresCluster()
    on_cleanup(cluster.stop)
    # The PostgreSQL instances: StoreTest's third parameter and every conformance suite's.
    out = run_suite("store_tests", {"SHOPDESK_TEST_POSTGRES_URL": cluster.create_database()},
                    "--gtest_filter=Backends/StoreTest.*/2:Backends/*.*/postgresql")
    ran, passed = gtest_counts(out)
    assert ran == passed and ran >= 35 and "SKIPPED" not in out, out


def test_service_suite_on_postgres(tmp):
    cluster = PostgresCluster()
    on_cleanup(cluster.stop)
    out = run_suite("services_tests", {"SHOPDESK_TEST_DB": cluster.create_database()})
    ran, passed = gtest_counts(out)
    assert ran == passed and ran >= 37 and "SKIPPED" not in out, out


def test_database_outage_is_reported_and_survived(tmp):
    import time
    from harness import Shopdesk, mail, wait_for
    sd = Shopdesk(tmp)  # on PostgreSQL: this file runs with SHOPDESK_TEST_BACKEND=postgresql
    token = sd.setup_shop()
    sd.serve("--no-workers")
    on_cleanup(sd.kill)
    from websocket_client import WebSocket
    ws = WebSocket(sd.port, "/api/v1/events", token)  # stays open through the outage
    on_cleanup(ws.close)
    assert ws.recv_json()["type"] == "hello"
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
    # The node's event follower reconnected and LISTENs again: the open stream goes on.
    events = ws.collect(lambda e: e.get("type") == "message.created", timeout=20)
    assert events[-1]["message_id"] == body["message_id"], events
    wait_for(lambda: sd.api("GET", "/healthz")[1].get("live_events") == "ok", what="live events ok")
    log = open(sd.log.name, encoding="utf-8", errors="replace").read()
    assert "live events paused" in log and "database reachable again" in log, log[-3000:]


if __name__ == "__main__":
    run_tests(globals())
