#!/usr/bin/env python3
"""Helpers of bench/run: statements captured from PostgreSQL's log turned into pgbench scripts,
percentiles, the server's /metrics histograms, and the results table (text, JSON, Markdown).

  harness.py scripts LOG OFFSET OUTDIR [KEYS_FILE]
      Reads PostgreSQL's log from byte OFFSET (written with log_min_duration_statement = 0 and
      log_line_prefix '@@%p@@ '), cuts it where each request starts (its token lookup, the first
      thing the server does for an authenticated request; bench/run sends one request at a time),
      and writes one pgbench script per request:
      every statement the server ran for it, in order, with its parameters written in as
      literals. With KEYS_FILE (the Idempotency-Key of each request, one a line), the key in a
      parameter becomes the pgbench variable :key, so that every transaction has its own.
      Prints the number of scripts.
  harness.py percentiles FILE...
      pgbench --log files: prints "p50_us p99_us count".
  harness.py histogram BEFORE AFTER ROUTE STATUS
      Two /metrics snapshots: prints "lower_ms upper_ms mean_ms count" for the route's requests of
      that status between them (the p99 lies in (lower, upper]; upper "inf" past the last bucket).
  harness.py report RESULTS META OUT_JSON OUT_MD
      RESULTS has one JSON object a line (bench/run writes them); prints the table and writes
      the JSON and Markdown documents.
"""

import json
import math
import re
import sys

MARKER = re.compile(r"procure-bench-marker (\d+)")
REQUEST_START = re.compile(r"^SELECT id, name, role, municipality_code FROM api_tokens\b")
NOT_THE_SERVER = re.compile(r"^(ALTER SYSTEM|SELECT pg_reload_conf\(\))")
RECORD = re.compile(r"^@@(\d+)@@ (\w+):  (.*)$")
STATEMENT = re.compile(r"^duration: [0-9.]+ ms  (?:execute [^:]*|statement): (.*)$", re.S)
PARAMETER = re.compile(r"\$(\d+) = (NULL|'(?:[^']|'')*')", re.S)
PLACEHOLDER = re.compile(r"\$(\d+)\b")


def log_records(text):
    """(pid, level, message) of each log record; a record's message spans its continuation lines."""
    records = []
    for line in text.split("\n"):
        match = RECORD.match(line)
        if match:
            records.append([match.group(1), match.group(2), match.group(3)])
        elif records:
            # The log writes a tab after every newline of a message: take it off again.
            records[-1][2] += "\n" + (line[1:] if line.startswith("\t") else line)
    return records


def literal(value, key):
    """A parameter's text as an SQL literal pgbench leaves alone (':' would start a variable)."""
    escaped = (value.replace("\\", "\\\\").replace("'", "\\'").replace(":", "\\072")
               .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))
    if key and key in value:
        if value == key:
            return ":key"
        before, after = escaped.split(key.replace(":", "\\072"), 1)
        return f"(E'{before}'::text || :key || E'{after}')"
    return f"E'{escaped}'"


def command_scripts(log, offset, outdir, keys_file=None):
    with open(log, "rb") as f:
        f.seek(int(offset))
        text = f.read().decode("utf-8", "replace")
    keys = []
    if keys_file:
        with open(keys_file) as f:
            keys = [line.strip() for line in f if line.strip()]
    segments, current, started = [], None, False
    records = log_records(text)
    for i, (pid, level, message) in enumerate(records):
        if level != "LOG":
            continue
        match = STATEMENT.match(message)
        if not match:
            continue
        sql = match.group(1).strip()
        if NOT_THE_SERVER.match(sql):
            continue
        if MARKER.search(sql) or REQUEST_START.match(sql):
            if started and current is not None:
                segments.append(current)
            current, started = [], True
            if MARKER.search(sql):
                continue
        if current is None:
            continue
        parameters = {}
        if i + 1 < len(records) and records[i + 1][0] == pid and records[i + 1][1] == "DETAIL":
            detail = records[i + 1][2]
            if detail.lower().startswith("parameters: "):
                for number, value in PARAMETER.findall(detail):
                    parameters[int(number)] = None if value == "NULL" else value[1:-1].replace("''", "'")
        current.append((sql, parameters))
    if current:
        segments.append(current)
    scripts = [s for s in segments if s]
    if keys and len(keys) != len(scripts):
        sys.exit(f"captured {len(scripts)} requests but {len(keys)} idempotency keys")
    for n, statements in enumerate(scripts):
        key = keys[n] if keys else None
        lines = []
        if key:
            # Unique in every transaction, as wrk's keys are.
            lines.append(r"\set key random(1, 999999999999999)")
        for sql, parameters in statements:
            def bind(match):
                number = int(match.group(1))
                if number not in parameters:
                    sys.exit(f"no value for ${number} in: {sql}")
                value = parameters[number]
                return "NULL" if value is None else literal(value, key)
            text = PLACEHOLDER.sub(bind, sql).rstrip().rstrip(";")
            lines.append(text + ";")
        with open(f"{outdir}/{n:03d}.sql", "w") as f:
            f.write("\n".join(lines) + "\n")
        if n == 0:
            with open(f"{outdir}/statements.txt", "w") as f:
                f.write("\n\n".join(sql for sql, _ in statements) + "\n")
    print(len(scripts))


def percentile(sorted_values, p):
    if not sorted_values:
        return 0
    rank = max(0, math.ceil(p / 100 * len(sorted_values)) - 1)
    return sorted_values[rank]


def command_percentiles(files):
    values = []
    for name in files:
        with open(name) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3:
                    values.append(int(parts[2]))
    values.sort()
    print(percentile(values, 50), percentile(values, 99), len(values))


def histogram(path, route, status):
    buckets, total_sum, count = {}, 0.0, 0.0
    with open(path) as f:
        for line in f:
            if f'http_route="{route}"' not in line or f'http_response_status_code="{status}"' not in line:
                continue
            value = float(line.rsplit(" ", 1)[1])
            if line.startswith("http_server_request_duration_bucket"):
                le = re.search(r'le="([^"]*)"', line).group(1)
                buckets[le] = buckets.get(le, 0) + value
            elif line.startswith("http_server_request_duration_sum"):
                total_sum += value
            elif line.startswith("http_server_request_duration_count"):
                count += value
    return buckets, total_sum, count


def command_histogram(before, after, route, status):
    b, bs, bc = histogram(before, route, status)
    a, as_, ac = histogram(after, route, status)
    total = a.get("+Inf", 0) - b.get("+Inf", 0)
    if total <= 0:
        print("- - - 0")
        return
    lower, upper = 0.0, "inf"
    for bound in sorted(float(le) for le in a if le != "+Inf"):
        key = next(le for le in a if le != "+Inf" and float(le) == bound)
        if a[key] - b.get(key, 0) >= 0.99 * total:
            upper = f"{bound * 1000:g}"
            break
        lower = bound
    print(f"{lower * 1000:g} {upper} {(as_ - bs) / total * 1000:.2f} {int(total)}")


def fmt(value, digits=0):
    if value is None:
        return "—"
    return f"{value:,.{digits}f}"


def command_report(results_path, meta_path, out_json, out_md):
    with open(meta_path) as f:
        meta = json.load(f)
    rows = []
    with open(results_path) as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
    by = {}
    for row in rows:
        by[(row["scale"], row["kind"], row["name"])] = row

    scenarios = []
    for row in rows:
        if row["kind"] not in ("http", "import"):
            continue
        scale = row["scale"]
        entry = dict(row)
        if row["kind"] == "http":
            framework = by.get((scale, "framework", f"healthz-c{row['connections']}"))
            # A write's limit is its transaction alone (see bench/run), when measured.
            database = (by.get((scale, "pgbench", row["name"] + "-transaction"))
                        or by.get((scale, "pgbench", row["name"])))
            entry["framework_rps"] = framework["rps"] if framework else None
            entry["database_rps"] = database["rps"] if database else None
            entry["database_p50_ms"] = database["p50_ms"] if database else None
            entry["database_p99_ms"] = database["p99_ms"] if database else None
            entry["database_cpu_cores_pgbench"] = database["database_cpu_cores"] if database else None
            limits = [v for v in (entry["framework_rps"], entry["database_rps"]) if v]
            entry["limit_rps"] = min(limits) if limits else None
            entry["ratio"] = row["rps"] / entry["limit_rps"] if entry["limit_rps"] else None
            targets = []
            if row["write"]:
                targets.append({"target": "writes ≥ 1,000/s", "figure": f"{row['rps']:,.0f}/s",
                                "met": row["rps"] >= 1000})
            else:
                targets.append({"target": "≥ 50% of min(framework, database)",
                                "figure": f"{entry['ratio'] * 100:.0f}%" if entry["ratio"] else "—",
                                "met": bool(entry["ratio"] and entry["ratio"] >= 0.5)})
                targets.append({"target": "p99 < 25 ms", "figure": f"{row['p99_ms']:.1f} ms",
                                "met": row["p99_ms"] < 25})
            entry["targets"] = targets
        else:
            entry["ratio"] = row["import_s"] / row["copy_s"]
            entry["targets"] = [{"target": "import ≤ 3 × psql \\copy", "figure": f"{entry['ratio']:.2f}×",
                                 "met": entry["ratio"] <= 3}]
        scenarios.append(entry)

    baselines = [r for r in rows if r["kind"] in ("framework", "pgbench")]
    peak_rss = max([r.get("server_peak_rss_mb") or 0 for r in rows] + [meta.get("server_peak_rss_mb_overall", 0)])
    overall = {"target": "server RSS < 250 MB throughout", "figure": f"{peak_rss:.1f} MB", "met": peak_rss < 250}
    document = {"meta": meta, "scenarios": scenarios, "baselines": baselines,
                "server_peak_rss_mb": peak_rss, "memory_target": overall}
    with open(out_json, "w") as f:
        json.dump(document, f, indent=2, ensure_ascii=False)
        f.write("\n")

    full = max(r["scale"] for r in rows)
    head = ["scenario", "req/s", "p50 ms", "p99 ms", "srv p99 ms", "framework/s", "database/s", "ratio",
            "srv CPU", "db CPU", "srv RSS MB", "targets"]

    def table_rows(scale):
        out = []
        for s in scenarios:
            if s["scale"] != scale:
                continue
            verdict = "; ".join(f"{'met' if t['met'] else 'NOT MET'} ({t['figure']})" for t in s["targets"])
            if s["kind"] == "import":
                out.append([s["name"], f"{s['rows'] / s['import_s']:,.0f} rows/s", "—", "—", "—", "—",
                            f"\\copy {s['copy_s']:.2f} s", f"{s['ratio']:.2f}× time",
                            f"{s['server_cpu_cores']:.2f}", f"{s['database_cpu_cores']:.2f}",
                            fmt(s["server_peak_rss_mb"], 1), verdict])
            else:
                out.append([s["name"], fmt(s["rps"]), fmt(s["p50_ms"], 2), fmt(s["p99_ms"], 2), s["server_p99"],
                            fmt(s["framework_rps"]), fmt(s["database_rps"]),
                            f"{s['ratio'] * 100:.0f}%" if s["ratio"] else "—",
                            f"{s['server_cpu_cores']:.2f}", f"{s['database_cpu_cores']:.2f}",
                            fmt(s["server_peak_rss_mb"], 1), verdict])
        return out

    def text_table(rows_):
        widths = [max(len(str(r[i])) for r in [head] + rows_) for i in range(len(head))]
        lines = ["  ".join(str(c).ljust(widths[i]) if i in (0, len(head) - 1) else str(c).rjust(widths[i])
                           for i, c in enumerate(r)) for r in [head] + rows_]
        return "\n".join(lines)

    def md_table(header, rows_):
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |" for r in rows_]
        return "\n".join(lines)

    text = [f"procure benchmark — {meta['started']} — {meta['machine']}",
            f"  scale {full:g}: {meta['scales'][f'{full:g}']['description']}",
            f"  wrk {meta['duration_s']} s per scenario after {meta['warmup_s']} s warm-up, "
            f"-c {meta['connections']} (writes -c {meta['write_connections']}), -t {meta['threads']}; "
            f"pgbench the same concurrency and duration",
            f"  load average before {meta['loadavg_before']}, after {meta['loadavg_after']}",
            "", text_table(table_rows(full)), "",
            f"  server peak RSS over the whole run: {peak_rss:.1f} MB — "
            f"{'met' if overall['met'] else 'NOT MET'} (target < 250 MB)",
            "  ratio = req/s ÷ min(framework limit: GET /healthz, database limit: pgbench of the endpoint's "
            "statements); CPU in cores (1.00 = one core busy) over the scenario"]
    smaller = sorted({r["scale"] for r in scenarios if r["scale"] != full})
    growth = []
    if smaller:
        names = [s["name"] for s in scenarios if s["scale"] == full and s["kind"] == "http" and not s["write"]]
        scales = smaller + [full]
        growth_head = ["scenario"] + [f"{h} @{sc:g}" for sc in scales for h in ("req/s", "p99 ms", "ratio", "srv CPU ms/req", "db CPU ms/req")]
        for name in names:
            row = [name]
            for sc in scales:
                s = next((x for x in scenarios if x["scale"] == sc and x["name"] == name), None)
                if s is None:
                    row += ["—"] * 5
                    continue
                row += [fmt(s["rps"]), fmt(s["p99_ms"], 1), f"{s['ratio'] * 100:.0f}%" if s["ratio"] else "—",
                        f"{s['server_cpu_cores'] * 1000 / s['rps']:.2f}" if s["rps"] else "—",
                        f"{s['database_cpu_cores'] * 1000 / s['rps']:.2f}" if s["rps"] else "—"]
            growth.append(row)
        text += ["", "  cost by data size (" + ", ".join(
            f"{sc:g}: {meta['scales'][f'{sc:g}']['description']}" for sc in scales) + ")"]
        for row in growth:
            parts = [row[0]]
            for i, sc in enumerate(scales):
                cells = row[1 + i * 5: 6 + i * 5]
                parts.append(f"@{sc:g} {cells[0]}/s p99 {cells[1]} ms {cells[2]} "
                             f"srv {cells[3]} db {cells[4]} ms/req")
            text.append("  " + parts[0].ljust(16) + " | ".join(parts[1:]))
    print("\n".join(text))

    md = [f"# procure benchmark results", "",
          f"Produced by `bench/run` on {meta['started']} (commit `{meta['commit']}`).", "",
          "## Machine and conditions", "",
          f"- {meta['machine']}",
          f"- load average before the run: {meta['loadavg_before']}; after: {meta['loadavg_after']} "
          f"({meta.get('conditions', '')})",
          f"- PostgreSQL {meta['postgres_version']}; wrk {meta['duration_s']} s per scenario after "
          f"{meta['warmup_s']} s of warm-up, {meta['connections']} connections "
          f"({meta['write_connections']} for writes) on {meta['threads']} threads; pgbench with the same "
          "concurrency and duration on the same database",
          f"- run took {meta.get('elapsed_s', 0) / 60:.1f} min", "",
          f"## {'Main run' if meta.get('quick') else 'National scale'} "
          f"({meta['scales'][f'{full:g}']['description']})", "",
          md_table(head, table_rows(full)), "",
          f"Server peak resident memory over the whole run (VmHWM): **{peak_rss:.1f} MB** — "
          f"{'met' if overall['met'] else 'NOT MET'} (target < 250 MB).", "",
          "- ratio: req/s ÷ min(framework limit, database limit); the framework limit is `GET /healthz` of "
          "the same server (a constant, no database) at the same concurrency; the database limit is "
          "pgbench running the statements the server ran for the same requests (captured from "
          "PostgreSQL's log) with the same concurrency. For the import: its time ÷ `psql \\copy`'s.",
          "- p50/p99: wrk (client side); srv p99: the /metrics histogram bucket of the server's own p99.",
          "- CPU: cores busy over the scenario (utime + stime from /proc) of the server and of every "
          "process of the PostgreSQL cluster; srv RSS: the server's VmHWM, reset before each scenario.", "",
          "## The issue's targets", "",
          md_table(["scenario", "target", "figure", "verdict"],
                   [[s["name"], t["target"], t["figure"], "met" if t["met"] else "**not met**"]
                    for s in scenarios if s["scale"] == full for t in s["targets"]]
                   + [["server", overall["target"], overall["figure"], "met" if overall["met"] else "**not met**"]]),
          "",
          "## Baselines", "",
          md_table(["scale", "baseline", "req/s", "p50 ms", "p99 ms", "db CPU"],
                   [[f"{b['scale']:g}", b["name"] if b["kind"] == "framework" else f"pgbench: {b['name']}",
                     fmt(b["rps"]), fmt(b.get("p50_ms"), 2), fmt(b.get("p99_ms"), 2),
                     f"{b['database_cpu_cores']:.2f}"] for b in baselines])]
    if growth:
        md += ["", "## Cost by data size", "",
               ", ".join(f"scale {sc:g}: {meta['scales'][f'{sc:g}']['description']}" for sc in scales), "",
               md_table(growth_head, growth)]
    md += ["", "## Statements of each scenario (as captured; the pgbench scripts bind the captured values)", ""]
    for name, sql in meta.get("statements", {}).items():
        md += [f"<details><summary>{name}</summary>", "", "```sql", sql.strip(), "```", "", "</details>", ""]
    with open(out_md, "w") as f:
        f.write("\n".join(md) + "\n")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    command, args = sys.argv[1], sys.argv[2:]
    if command == "scripts":
        command_scripts(*args)
    elif command == "percentiles":
        command_percentiles(args)
    elif command == "histogram":
        command_histogram(*args)
    elif command == "report":
        command_report(*args)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
