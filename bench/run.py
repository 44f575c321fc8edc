"""``make bench``: build the data set, serve it with gunicorn, Redis and a Celery
worker, drive every main page with locust at 1, 10 and 50 users, run the other
benchmark commands, and rewrite docs/benchmarks.md from this run's figures.

Run from the project's root with the virtual environment's Python:
``.venv/bin/python -m bench.run``. PostgreSQL (database ``cradle_bench``, created if
missing) and Redis (database 14, emptied before and after) must be on this machine.
Every process it starts is stopped when it ends, also on Ctrl-C or a failure."""

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

from bench import report
from lms.procstat import child_pids, rss_mb

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cradle_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
SETTINGS = "lms.settings.bench"
START_SECONDS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


class BenchError(Exception):
    pass


class Run:
    def __init__(self, options):
        self.options = options
        self.dir = Path(options.run_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DATABASE_URL": options.database_url,
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("BENCH_REDIS_URL", None)
        self.server_env = {
            **self.env,
            "BENCH_REDIS_URL": options.redis_url,
            # Every simulated user comes from 127.0.0.1: the per-address limit on
            # verification look-ups would turn the page into 429s after 30.
            "CERTIFICATE_VERIFY_RATE": "1000000000",
        }
        self.processes: list[subprocess.Popen] = []
        self.phases: list[tuple[str, float]] = []
        self.results: dict = {}
        self.errors: list[str] = []
        self.started = time.perf_counter()

    # --- Helpers -----------------------------------------------------------------

    @contextmanager
    def phase(self, name: str):
        print(f"\n==> {name}", flush=True)
        started = time.perf_counter()
        try:
            yield
        finally:
            seconds = time.perf_counter() - started
            self.phases.append((name, seconds))
            print(f"    ({name}: {seconds:.1f} s)", flush=True)

    def manage(self, *arguments, env=None, capture=False) -> str:
        command = [sys.executable, str(ROOT / "manage.py"), *arguments]
        done = subprocess.run(  # noqa: S603 -- the project's own manage.py
            command,
            cwd=ROOT,
            env=env or self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
        if not capture or done.returncode:
            print(done.stdout.rstrip(), flush=True)
        if done.returncode:
            # The last lines that say something (a traceback's markers do not).
            said = [
                line.strip()
                for line in done.stdout.splitlines()
                if line.strip() and set(line.strip()) - set("^~ ")
            ]
            raise BenchError(
                f"manage.py {arguments[0]} failed (exit {done.returncode}): "
                + " / ".join(said[-2:])
            )
        return done.stdout

    def start(self, command: list[str], log: Path, env: dict) -> subprocess.Popen:
        with open(log, "w") as handle:
            process = subprocess.Popen(  # noqa: S603 -- programs of this environment
                command,
                cwd=ROOT,
                env=env,
                stdout=handle,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append(process)
        return process

    def stop(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if process in self.processes:
            self.processes.remove(process)

    def cleanup(self) -> None:
        for process in list(reversed(self.processes)):
            self.stop(process)
        self.redis_flush()

    def redis_flush(self) -> None:
        import redis

        try:
            client = redis.Redis.from_url(self.options.redis_url)
            client.flushdb()
            client.close()
        except redis.RedisError as error:
            print(f"    Could not empty {self.options.redis_url}: {error}")

    # --- Phases --------------------------------------------------------------------

    def services_check(self) -> None:
        import psycopg
        import redis

        try:
            client = redis.Redis.from_url(self.options.redis_url)
            redis_version = client.info("server")["redis_version"]
            client.flushdb()
            client.close()
        except redis.RedisError as error:
            raise BenchError(
                f"Redis is needed at {self.options.redis_url}: {error}"
            ) from error
        import environ

        config = environ.Env.db_url_config(self.options.database_url)
        if "postgresql" not in config["ENGINE"]:
            raise BenchError("--database-url must name a PostgreSQL database.")
        connect = {
            "user": config.get("USER") or None,
            "password": config.get("PASSWORD") or None,
            "host": config.get("HOST") or None,
            "port": config.get("PORT") or None,
            "autocommit": True,
        }
        try:
            with psycopg.connect(dbname="postgres", **connect) as admin:
                postgres = admin.execute("SHOW server_version").fetchone()[0]
                if not admin.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
                ).fetchone():
                    admin.execute(
                        psycopg.sql.SQL("CREATE DATABASE {}").format(
                            psycopg.sql.Identifier(config["NAME"])
                        )
                    )
                    print(f"    Created the database {config['NAME']}.")
        except psycopg.Error as error:
            raise BenchError(f"PostgreSQL is needed: {error}") from error
        meminfo = Path("/proc/meminfo").read_text().split("\n")[0].split()
        self.results["machine"] = {
            "cores": os.cpu_count(),
            "memory_gib": int(meminfo[1]) / 1024 / 1024,
            "python": platform.python_version(),
            "django": version("Django"),
            "wagtail": version("wagtail"),
            "postgresql": postgres.split()[0],
            "redis": redis_version,
            "gunicorn": version("gunicorn"),
            "celery": version("celery"),
            "locust": version("locust"),
        }

    def dataset_build(self) -> None:
        options = self.options
        targets = self.dir / "targets.json"
        self.manage(
            "bench_dataset",
            f"--learners={options.learners}",
            f"--certificates={options.certificates}",
            f"--sessions={options.sessions}",
            f"--pending={options.pending}",
            f"--out={targets}",
        )
        built = json.loads(targets.read_text())
        self.results["dataset"] = {
            "counts": built["counts"],
            "build_seconds": built["build_seconds"],
            "sessions": options.sessions,
        }
        self.targets = targets

    def servers_start(self) -> None:
        workers = 2 * (os.cpu_count() or 1) + 1
        self.port = free_port()
        self.gunicorn = self.start(
            [
                str(BIN / "gunicorn"),
                "lms.wsgi:application",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={workers}",
                "--worker-class=sync",
                "--timeout=120",
                "--backlog=2048",
                "--log-level=warning",
            ],
            self.dir / "gunicorn.log",
            self.server_env,
        )
        self.celery = self.start(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "lms",
                "worker",
                "--pool=prefork",
                f"--concurrency={self.options.celery_concurrency}",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            self.dir / "celery.log",
            self.server_env,
        )
        self.results["gunicorn_workers"] = workers
        self.results["celery_concurrency"] = self.options.celery_concurrency
        deadline = time.monotonic() + START_SECONDS
        url = f"http://127.0.0.1:{self.port}/"
        while True:
            if self.gunicorn.poll() is not None:
                raise BenchError(f"gunicorn stopped: see {self.dir / 'gunicorn.log'}")
            try:
                with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise BenchError(f"gunicorn did not answer {url} in time.")
            time.sleep(0.5)
        print(f"    gunicorn ({workers} workers) answers on port {self.port}.")

    def certificates_render(self) -> None:
        if self.celery.poll() is not None:
            raise BenchError(f"The Celery worker stopped: see {self.dir}/celery.log")
        output = self.manage("bench_dataset", "--render-pending", env=self.server_env)
        line = output.strip().splitlines()[-1]
        # "Rendered 24 certificates through the worker in 3.1 s."
        words = line.split()
        self.results["dataset"]["render_pending"] = {
            "count": int(words[1]),
            "seconds": float(words[-2]),
        }

    def locust(self, users: int, seconds: int, prefix: str) -> dict:
        command = [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--only-summary",
            f"--users={users}",
            f"--spawn-rate={users}",
            f"--run-time={seconds}s",
            "--stop-timeout=10",
            f"--csv={self.dir / prefix}",
            f"--host=http://127.0.0.1:{self.port}",
            "--loglevel=WARNING",
            "--exit-code-on-error=0",
        ]
        done = subprocess.run(  # noqa: S603 -- locust from this environment
            command,
            cwd=ROOT,
            env={
                **os.environ,
                "BENCH_TARGETS": str(self.targets),
                "PYTHONPATH": str(ROOT),
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
        (self.dir / f"{prefix}.log").write_text(done.stdout)
        if done.returncode:
            raise BenchError(
                f"locust failed (exit {done.returncode}):\n{done.stdout[-2000:]}"
            )
        stats = report.stats_parse(self.dir / f"{prefix}_stats.csv")
        stats["failures"] = report.failures_parse(self.dir / f"{prefix}_failures.csv")
        total = stats["total"]
        print(
            f"    {users} users: {total['requests']} requests, "
            f"{total['rate']:.1f}/s, p50 {total['p50']} ms, p95 {total['p95']} ms, "
            f"{total['failures']} failures"
        )
        return stats

    def load_run(self) -> None:
        options = self.options
        self.locust(options.warmup_users, options.warmup_seconds, "warmup")
        load_before = os.getloadavg()[0]
        self.results["users"] = options.users
        self.results["stage_seconds"] = options.stage_seconds
        self.results["load"] = {}
        for users in options.users:
            self.results["load"][str(users)] = self.locust(
                users, options.stage_seconds, f"users-{users}"
            )
        self.results["loadavg"] = [load_before, os.getloadavg()[0]]

    def memory_read(self) -> None:
        gunicorn_workers = child_pids(self.gunicorn.pid)
        pool = child_pids(self.celery.pid)
        self.results["memory"] = {
            "gunicorn_master": rss_mb(self.gunicorn.pid),
            "gunicorn": [
                value for value in map(rss_mb, gunicorn_workers) if value is not None
            ],
            "celery_main": rss_mb(self.celery.pid),
            "celery_pool": [value for value in map(rss_mb, pool) if value is not None],
        }

    def servers_stop(self) -> None:
        self.stop(self.gunicorn)
        self.stop(self.celery)
        self.redis_flush()

    def other(self, key: str, function) -> None:
        """Run one of the other benchmark commands; a failure is reported in its
        section and makes the run fail at the end, after the page is written."""
        try:
            self.results[key] = function()
        except BenchError as error:
            self.results[key] = {"error": str(error)}
            self.errors.append(f"{key}: {error}")
            print(f"    {error}", flush=True)

    def courses(self) -> dict:
        path = self.dir / "courses.json"
        arguments = [
            "--skip-wagtail-lms",
            f"--requests={self.options.courses_requests}",
            "--rounds=10",
        ]
        self.manage("bench_courses", *arguments, f"--json={path}", capture=True)
        return json.loads(path.read_text())

    def certificates(self) -> dict:
        path = self.dir / "certificates.json"
        arguments = [
            f"--bulk={self.options.bulk}",
            f"--redis-url={self.options.redis_url}",
        ]
        output = self.manage(
            "bench_certificates", *arguments, f"--json={path}", capture=True
        )
        result = json.loads(path.read_text())
        result["output"] = output
        result["command"] = (
            f".venv/bin/python manage.py bench_certificates --bulk {self.options.bulk}"
        )
        return result

    def echo_import(self) -> dict:
        path = self.dir / "echo.json"
        self.manage("bench_echo_import", f"--json={path}", capture=True)
        result = json.loads(path.read_text())
        result["command"] = (
            "DJANGO_SETTINGS_MODULE=lms.settings.bench .venv/bin/python manage.py "
            "bench_echo_import"
        )
        return result

    def captured(self, *arguments, settings: str = SETTINGS) -> dict:
        env = {**self.env, "DJANGO_SETTINGS_MODULE": settings}
        output = self.manage(*arguments, env=env, capture=True)
        return {
            "command": f"DJANGO_SETTINGS_MODULE={settings} .venv/bin/python "
            f"manage.py {shlex.join(arguments)}",
            "output": output,
        }

    def docs_write(self) -> Path:
        self.results["date"] = datetime.datetime.now().astimezone().date().isoformat()
        self.results["command"] = self.options.command
        self.results["phases"] = self.phases
        self.results["total_seconds"] = time.perf_counter() - self.started
        (self.dir / "results.json").write_text(json.dumps(self.results, indent=1))
        path = Path(self.options.docs)
        path.write_text(report.render(self.results))
        return path

    def all(self) -> None:
        with self.phase("check PostgreSQL and Redis"):
            self.services_check()
        with self.phase("migrate cradle_bench"):
            self.manage("migrate", "--noinput", "-v0")
        with self.phase("build the data set"):
            self.dataset_build()
        try:
            with self.phase("start gunicorn and the Celery worker"):
                self.servers_start()
            with self.phase("render pending certificates through the worker"):
                self.certificates_render()
            with self.phase(
                "load: locust at " + ", ".join(map(str, self.options.users)) + " users"
            ):
                self.load_run()
            self.memory_read()
        finally:
            self.servers_stop()
        with self.phase("bench_courses"):
            self.other("courses", self.courses)
        with self.phase("bench_certificates"):
            self.other("certificates", self.certificates)
        with self.phase("bench_echo_import"):
            self.other("echo_import", self.echo_import)
        with self.phase("bench_hours_report"):
            self.other(
                "hours_report",
                lambda: self.captured("bench_hours_report", "--repeat", "3"),
            )
        with self.phase("bench_foundation"):
            # In the development settings, as the command is documented: its query
            # counts need them.
            self.other(
                "foundation",
                lambda: self.captured(
                    "bench_foundation", "--repeat", "20", settings="lms.settings.dev"
                ),
            )
        path = self.docs_write()
        total = self.results["total_seconds"]
        print(f"\nWrote {path} ({total:.0f} s, {total / 60:.1f} min in all).")


def options_parse(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="Build the data set, load every main page, run the other "
        "benchmarks and rewrite docs/benchmarks.md.",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    )
    parser.add_argument("--learners", type=int, default=5000)
    parser.add_argument("--certificates", type=int, default=20000)
    parser.add_argument(
        "--sessions", type=int, default=60, help="Signed-in learners (default 60)."
    )
    parser.add_argument(
        "--pending",
        type=int,
        default=24,
        help="Certificates the Celery worker renders before the load (default 24).",
    )
    parser.add_argument(
        "--users",
        type=int,
        nargs="+",
        default=[1, 10, 50],
        help="Simulated users of each stage (default 1 10 50).",
    )
    parser.add_argument("--stage-seconds", type=int, default=30)
    parser.add_argument("--warmup-users", type=int, default=5)
    parser.add_argument("--warmup-seconds", type=int, default=10)
    parser.add_argument("--celery-concurrency", type=int, default=2)
    parser.add_argument("--courses-requests", type=int, default=1000)
    parser.add_argument("--bulk", type=int, default=1000)
    parser.add_argument(
        "--run-dir",
        default=str(Path(tempfile.gettempdir()) / "cradle-bench-run"),
        help="Folder for the run's logs, locust's CSV files and results.json.",
    )
    parser.add_argument("--docs", default=str(ROOT / "docs" / "benchmarks.md"))
    options = parser.parse_args(argv)
    arguments = shlex.join(argv if argv is not None else sys.argv[1:])
    options.command = (
        "make bench"
        if argv is None and os.environ.get("MAKELEVEL")
        else f".venv/bin/python -m bench.run {arguments}".strip()
    )
    return options


def main(argv=None) -> int:
    options = options_parse(argv)
    run = Run(options)

    def terminate(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    try:
        run.all()
    except BenchError as error:
        print(f"\nThe benchmark failed: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted; stopping what the benchmark started.", file=sys.stderr)
        return 130
    finally:
        run.cleanup()
    if run.errors:
        print("\nSome benchmarks failed: " + "; ".join(run.errors), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
