#!/usr/bin/env python3
"""The whole benchmark (`make bench`): every speed goal of pipe beside the floor of its own
engine, measured in one run on the same files, written to docs/bench.md.

    bench/bench.py [--build DIR] [--out FILE] [--runs N] [--quick]

The floors are whole `sqlite3` CLI processes on a copy of the same book:
- write floor: committing one row into a scratch table durably (PRAGMA synchronous = FULL; WAL);
- read floor: reading one deal by id;
- bulk floor: its own `.import --csv` of the same file into a bare table;
- report floors: the aggregate SQL that review and forecast compute (bench/report_sql.sh).

Everyday commands are timed as medians of alternating runs (one run of each in turn, so a busy
moment of the machine falls on all alike), wall and CPU (user + system) time from wait4. The
books are generated once and kept in bench/.cache (delete it to generate them again); each
measurement works on a copy. Prints figures and ratios and asserts nothing: the goals are read
from its output, never checked by the test suite.
"""
import argparse
import datetime
import re
import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NOW = "2027-01-15T10:00:00"
# Part of the cache key of generated books: their search index is merged (see generate()).
MERGED = "search index merged"


def met(value, ratio, goal):
    """Whether a figure meets its goal (`≤ 1.2x` of its floor, `≤ 64 MiB`, `< 1000 ms`)."""
    m = re.match(r"([<≤])\s*([\d.]+)\s*(x?)", goal)
    if not m:
        return ""
    measured = ratio if m.group(3) == "x" else value
    if measured is None:
        return ""
    limit = float(m.group(2))
    return "met" if (measured < limit if m.group(1) == "<" else measured <= limit) else "not met"


class Bench:
    def __init__(self, args):
        self.pipe = os.path.realpath(os.path.join(args.build, "pipe"))
        self.runs = args.runs
        self.quick = args.quick
        self.cache = os.environ.get("PIPE_BENCH_CACHE", os.path.join(HERE, ".cache"))
        os.makedirs(self.cache, exist_ok=True)
        self.work = tempfile.mkdtemp(prefix="pipe-bench-", dir=self.cache)
        self.env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(self.work, "config"),
                        XDG_DATA_HOME=os.path.join(self.work, "data"), NO_COLOR="1", TZ="UTC",
                        PIPE_NOW=NOW, PIPE_STAGES=os.path.join(ROOT, "examples", "stages-b2b-saas.toml"))
        self.rows = []  # (section, figure, value, floor, ratio, goal)
        self.notes = []

    # --- processes -------------------------------------------------------------------------
    def run(self, argv, db=None, quiet=True):
        """Runs argv to its end; returns (wall ms, cpu ms, peak RSS KiB). Fails on a non-zero exit."""
        env = dict(self.env, PIPE_DB=db) if db else self.env
        err = tempfile.TemporaryFile()
        actions = [(os.POSIX_SPAWN_DUP2, err.fileno(), 2)]
        if quiet:
            actions.append((os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0))
        actions.append((os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0))
        # posix_spawn (vfork and exec) costs far less than a fork of Python, so the figures of the
        # short commands are theirs and not the harness's.
        t0 = time.perf_counter()
        pid = os.posix_spawnp(argv[0], argv, env, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        wall = (time.perf_counter() - t0) * 1000
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            sys.exit(f"bench: {' '.join(argv)} failed: {err.read().decode(errors='replace').strip()}")
        return wall, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_maxrss

    def sql(self, db, query):
        return subprocess.run(["sqlite3", db, query], check=True, capture_output=True,
                              text=True).stdout.strip()

    def alternate(self, commands, runs, warmup=2):
        """Medians (wall, cpu) of each command, run one after another in turns."""
        walls = {name: [] for name in commands}
        cpus = {name: [] for name in commands}
        for turn in range(runs + warmup):
            for name, (argv, db) in commands.items():
                args = argv(turn) if callable(argv) else argv
                wall, cpu, _ = self.run(args, db)
                if turn >= warmup:
                    walls[name].append(wall)
                    cpus[name].append(cpu)
        return {name: (statistics.median(walls[name]), statistics.median(cpus[name])) for name in commands}

    # --- books -----------------------------------------------------------------------------
    def schema_version(self):
        db = os.path.join(self.work, "version.db")
        self.run([self.pipe, "-q", "init"], db)
        return self.sql(db, "PRAGMA user_version")

    def cached(self, name, make, *inputs):
        """A file made once by make(path) and kept while its generator and inputs stay the same."""
        key = hashlib.sha1()
        for item in inputs:
            key.update(str(item).encode())
            if isinstance(item, str) and os.path.isfile(item):
                key.update(open(item, "rb").read())
        stem, ext = os.path.splitext(name)
        path = os.path.join(self.cache, f"{stem}-{key.hexdigest()[:12]}{ext}")
        if not os.path.exists(path):
            print(f"bench: generating {name} (kept in {self.cache})", flush=True)
            for old in os.listdir(self.cache):
                if old.startswith(stem + "-") and old.endswith(ext):
                    os.remove(os.path.join(self.cache, old))
            make(path + ".part")
            os.replace(path + ".part", path)
        return path

    def copy(self, path, name):
        target = os.path.join(self.work, name)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(target + suffix):
                os.remove(target + suffix)
        shutil.copyfile(path, target)
        return target

    def generate(self, path, deals, per_deal, orgs=0, people=0, plans=0):
        env = dict(self.env, ORGS=str(orgs), PEOPLE=str(people))
        subprocess.run([os.path.join(HERE, "generate.sh"), self.pipe, path, str(deals), str(per_deal)],
                       env=env, check=True)
        if plans:
            subprocess.run([os.path.join(HERE, "add_plans.sh"), path, str(deals), str(plans)], check=True)
        # The rows went in by SQL with the search triggers on, which leaves the search index in
        # many segments; pipe's own bulk fills (an import into a book without deals, the upgrade
        # that made the index, doctor --fix) leave it as one, and so does this.
        self.sql(path, "INSERT INTO search (search) VALUES ('optimize')")
        for suffix in ("-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)

    # --- figures ---------------------------------------------------------------------------
    def add(self, section, figure, value, floor=None, goal=None, unit="ms"):
        ratio = value / floor if floor else None
        self.rows.append((section, figure, value, floor, ratio, goal, unit))
        shown = f"{value:9.2f} {unit}"
        if floor:
            shown += f"   floor {floor:9.2f} {unit}   {ratio:6.2f}x"
        if goal:
            shown += f"   (goal {goal}: {met(value, ratio, goal)})"
        print(f"  {figure:<44} {shown}", flush=True)

    def everyday(self):
        deals, orgs, people, plans = self.everyday_size()
        db = self.copy(self.everyday_book(), "everyday.db")
        floor_db = self.copy(self.everyday_book(), "floor.db")
        self.sql(floor_db, "CREATE TABLE bench_scratch (x)")
        self.run([self.pipe, "-q", "deal", "add", "warm-up"], db)  # the day's damage check
        open_id = self.sql(db, "SELECT id FROM deals WHERE status = 'open' ORDER BY id LIMIT 1 OFFSET 100")
        org = self.sql(db, "SELECT name FROM organizations WHERE id = 123")
        p = self.pipe
        write_floor = (["sqlite3", floor_db, "PRAGMA synchronous = FULL; INSERT INTO bench_scratch VALUES (1)"], None)
        read_floor = (["sqlite3", floor_db, f"SELECT * FROM deals WHERE id = {open_id}"], None)
        writes = {
            "deal add": [p, "-q", "deal", "add", "Bench deal", "--value", "1200"],
            "deal move": lambda turn: [p, "-q", "deal", "move", open_id, ("Proposal", "Negotiation")[turn % 2]],
            "deal log": [p, "-q", "deal", "log", open_id, "call", "Called about the proposal"],
            "deal next": lambda turn: [p, "-q", "deal", "next", open_id, f"Send the proposal {turn}"],
            "lead add": [p, "-q", "lead", "add", "Bench Lead"],
            "undo (of the lead add)": [p, "-q", "undo"],
        }
        reads = {
            "deal show": ([p, "deal", "show", open_id], 1.2),
            "org show": ([p, "org", "show", org], 1.2),
            "deal list --limit 50": ([p, "deal", "list", "--limit", "50"], 1.5),
            "search 12345 (rare word)": ([p, "search", "12345"], 1.5),
            "search rollout (common word)": ([p, "search", "rollout"], 1.5),
            "deal list --stuck --limit 50": ([p, "deal", "list", "--stuck", "--limit", "50"], 1.5),
            "deal list --rotting --limit 50": ([p, "deal", "list", "--rotting", "--limit", "50"], 1.5),
            "task list --week": ([p, "task", "list", "--week"], 1.5),
            "agenda": ([p, "agenda"], 2.0),
        }
        commands = {"write floor": write_floor, "read floor": read_floor}
        commands.update({name: (argv, db) for name, argv in writes.items()})
        commands.update({name: (argv, db) for name, (argv, _) in reads.items()})
        print(f"\neveryday commands on {deals} deals, {deals * 5} activities, {orgs} organizations, "
              f"{people} people, {plans} plans (medians of {self.runs} alternating runs)", flush=True)
        med = self.alternate(commands, self.runs)
        section = "Everyday commands"
        for kind in ("wall", "cpu"):
            i = 0 if kind == "wall" else 1
            wf, rf = med["write floor"][i], med["read floor"][i]
            self.add(f"{section} ({kind})", "write floor (sqlite3: commit one row)", wf)
            self.add(f"{section} ({kind})", "read floor (sqlite3: one deal by id)", rf)
            for name in writes:
                self.add(f"{section} ({kind})", name, med[name][i], wf, "≤ 1.2x")
            for name, (_, goal) in reads.items():
                self.add(f"{section} ({kind})", name, med[name][i], rf, f"≤ {goal}x")

    def everyday_size(self):
        """Deals, organizations, people and plans of the everyday book."""
        deals = 20000 if self.quick else 200000
        return deals, deals // 4, deals * 3 // 4, deals * 2

    def everyday_book(self):
        deals, orgs, people, plans = self.everyday_size()
        return self.cached(f"everyday-{deals}", lambda p: self.generate(p, deals, 5, orgs, people, plans),
                           os.path.join(HERE, "generate.sh"), os.path.join(HERE, "add_plans.sh"), deals,
                           self.version, MERGED)

    def imports(self):
        sizes = (10000, 30000, 100000) if self.quick else (100000, 300000, 1000000)
        section = "Import"
        print("\nimport of generated deal rows (one run each; peak RSS from wait4)", flush=True)
        csvs = {n: self.cached(f"deals-{n}.csv", lambda path, n=n: subprocess.run(
            [os.path.join(HERE, "deals_csv.sh"), str(n), path], check=True), os.path.join(HERE, "deals_csv.sh"), n)
            for n in sizes + (30000,)}
        self.import_times = {}
        rss = {}
        for n in sizes:
            bare = os.path.join(self.work, "bare.db")
            if os.path.exists(bare):
                os.remove(bare)
            floor, _, _ = self.run(["sqlite3", bare, f".import --csv {csvs[n]} deals"])
            db = os.path.join(self.work, "import.db")
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db + suffix):
                    os.remove(db + suffix)
            wall, _, rss[n] = self.run([self.pipe, "-q", "import", csvs[n]], db)
            if self.sql(db, "SELECT count(*) FROM deals") != str(n):
                sys.exit(f"bench: pipe imported the wrong number of rows of {n}")
            self.import_times[n] = wall
            self.add(section, f"import {n} rows into an empty book", wall / 1000, floor / 1000, "≤ 6.0x", "s")
            self.add(section, f"sqlite3 itself loading {n} rows (reference)", self.schema_load(csvs[n]) / 1000,
                     floor / 1000, None, "s")
            self.add(section, f"peak RSS importing {n} rows", rss[n] / 1024, None, "≤ 64 MiB", "MiB")
        small, large = sizes[0], sizes[-1]
        self.add(section, f"peak RSS at {large} rows over {small}", rss[large] / 1024, rss[small] / 1024,
                 "≤ 1.10x", "MiB")
        empty = os.path.join(self.work, "empty.db")
        into_empty, _, _ = self.run([self.pipe, "-q", "import", csvs[30000]], empty)
        book = self.copy(self.everyday_book(), "into.db")
        into_book, _, _ = self.run([self.pipe, "-q", "import", csvs[30000]], book)
        self.add(section, "import 30000 rows into the everyday book", into_book / 1000, into_empty / 1000,
                 "≤ 2x (floor: into an empty book)", "s")
        undo, _, _ = self.run([self.pipe, "-q", "undo"], book)
        self.add(section, "undo of that import", undo / 1000, None, None, "s")

    def schema_load(self, csv):
        """Wall ms of sqlite3 itself loading csv into a new book's schema with plain SQL (indexes
        and triggers made after the rows: bench/schema_load.sh), the reference for an import."""
        db = os.path.join(self.work, "schema.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        self.run([self.pipe, "-q", "init"], db)
        load = os.path.join(self.work, "schema_load.sql")
        with open(load, "w") as out:
            subprocess.run([os.path.join(HERE, "schema_load.sh"), db, csv], stdout=out, check=True)
        wall, _, _ = self.run(["sqlite3", db, f".read {load}"])
        return wall

    def reports(self):
        deals = 100000 if self.quick else 1000000
        book = self.cached(f"reports-{deals}", lambda p: self.generate(p, deals, 0),
                           os.path.join(HERE, "generate.sh"), deals, self.version, MERGED)
        db = self.copy(book, "reports.db")
        sqls = {}
        for kind in ("review", "forecast"):
            path = os.path.join(self.work, f"{kind}.sql")
            with open(path, "w") as out:
                subprocess.run([os.path.join(HERE, "report_sql.sh"), kind], stdout=out, check=True)
            sqls[kind] = path
        p = self.pipe
        commands = {
            "review": ([p, "review"], db),
            "review SQL": (["sqlite3", db, "-init", "/dev/null", "-cmd", f".read {sqls['review']}", ".quit"], None),
            "forecast": ([p, "forecast"], db),
            "forecast SQL": (["sqlite3", db, "-init", "/dev/null", "-cmd", f".read {sqls['forecast']}", ".quit"], None),
            "review --as-of 2026-12-31": ([p, "review", "--as-of", "2026-12-31"], db),
        }
        runs = max(5, self.runs // 3)
        print(f"\nreports on {deals} deals (medians of {runs} alternating runs)", flush=True)
        med = self.alternate(commands, runs, warmup=1)
        section = "Reports"
        self.add(section, f"review on {deals} deals", med["review"][0], med["review SQL"][0], "≤ 1.0x")
        self.add(section, f"forecast on {deals} deals", med["forecast"][0], med["forecast SQL"][0], "≤ 1.0x")
        self.add(section, "review --as-of 2026-12-31", med["review --as-of 2026-12-31"][0], None, "< 1000 ms")

    def upgrade(self):
        deals = 100000 if self.quick else 1000000
        make_v3 = os.path.join(ROOT, "tests", "fixtures", "make_v3.sh")
        book = self.cached(f"v3-{deals}", lambda p: subprocess.run([make_v3, p, str(deals), "0"], check=True),
                           make_v3, os.path.join(ROOT, "tests", "fixtures", "v3_schema.sql"), deals)
        db = self.copy(book, "v3.db")
        wall, _, _ = self.run([self.pipe, "-q", "upgrade"], db)
        imported = self.import_times.get(deals)
        print(f"\nupgrade of a schema-3 book of {deals} deals", flush=True)
        self.add("Upgrade", f"upgrade of {deals} deals from schema 3", wall / 1000,
                 imported / 1000 if imported else None, "≤ 3x (floor: importing as many rows)", "s")

    # --- report ----------------------------------------------------------------------------
    def machine(self):
        model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
                     platform.processor())
        mem = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
        sqlite = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]
        rev = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"], capture_output=True,
                             text=True).stdout.strip() or "unknown"
        load = open("/proc/loadavg").read().split()[:3]
        return (f"{os.cpu_count()} × {model}, {mem // 1048576} GiB, Linux {platform.release()}, "
                f"sqlite3 {sqlite}; pipe at {rev}; load before the run {' '.join(load)}")

    def write(self, out, started, seconds):
        lines = ["# Benchmarks", "",
                 "Written by `make bench` (bench/bench.py); the figures of one run. Each figure stands beside "
                 "the floor of pipe's own engine: a whole `sqlite3` CLI process doing the least the same job "
                 "needs on a copy of the same file (committing one row durably, reading one deal by id, "
                 "`.import --csv` into a bare table, the reports' aggregate SQL). A ratio is the figure "
                 "over its floor. How the books are made: bench/generate.sh, bench/add_plans.sh, "
                 "bench/deals_csv.sh and tests/fixtures/make_v3.sh.", "",
                 f"- Date: {started:%Y-%m-%d %H:%M} UTC; the run took {seconds / 60:.0f} minutes.",
                 f"- Machine: {self.machine_text}.",
                 f"- Everyday commands: medians of {self.runs} alternating runs, wall and CPU time.", ""]
        section = None
        for sec, figure, value, floor, ratio, goal, unit in self.rows:
            if sec != section:
                section = sec
                lines += ["", f"## {sec}", "", "| figure | value | floor | ratio | goal | |",
                          "|---|---:|---:|---:|---|---|"]
            fmt = (lambda v: f"{v:.2f} {unit}") if unit != "MiB" else (lambda v: f"{v:.1f} {unit}")
            lines.append(f"| {figure} | {fmt(value)} | {fmt(floor) if floor else ''} | "
                         f"{f'{ratio:.2f}x' if ratio else ''} | {goal or ''} | "
                         f"{met(value, ratio, goal) if goal else ''} |")
        if self.notes:
            lines += ["", "## Notes", ""] + [f"- {n}" for n in self.notes]
        with open(out, "w") as f:
            f.write("\n".join(lines) + "\n")
        print(f"\nwrote {out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"), help="build directory holding pipe")
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "bench.md"), help="the report to write")
    parser.add_argument("--runs", type=int, default=15, help="alternating runs of each everyday command")
    parser.add_argument("--quick", action="store_true", help="books a tenth of the size (to try the bench)")
    parser.add_argument("--only", default="everyday,imports,reports,upgrade", help="sections to run")
    args = parser.parse_args()
    for tool in ("sqlite3",):
        if not shutil.which(tool):
            sys.exit(f"bench needs {tool} (apt-get install {tool})")
    bench = Bench(args)
    started = datetime.datetime.now(datetime.timezone.utc)
    t0 = time.time()
    try:
        bench.machine_text = bench.machine()
        bench.version = bench.schema_version()
        only = args.only.split(",")
        bench.import_times = {}
        if "everyday" in only:
            bench.everyday()
        if "imports" in only:
            bench.imports()
        if "reports" in only:
            bench.reports()
        if "upgrade" in only:
            bench.upgrade()
        bench.write(args.out, started, time.time() - t0)
    finally:
        shutil.rmtree(bench.work, ignore_errors=True)


if __name__ == "__main__":
    main()
