#!/usr/bin/python3
"""metrics_check.py — check an exposition as Prometheus' own parsers would, for the tests.

  metrics_check.py om   < EXPOSITION   strict OpenMetrics 1.0 (python3-prometheus-client's
                                       parser: TYPE, UNIT, _total, escapes, # EOF)
  metrics_check.py text < EXPOSITION   the Prometheus text format 0.0.4 (promtool check
                                       metrics: lint included)

On success prints one line per sample, "NAME{LABEL="VALUE",...} VALUE" with the labels
sorted, so a test can grep a figure and compare it with the tool's --json; on failure one
line on stderr and exit 1. Runs Debian's /usr/bin/python3 (make test-deps installs the
parser there).
"""
import subprocess
import sys


def samples_om(text):
    from prometheus_client.openmetrics.parser import text_string_to_metric_families
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            yield s.name, s.labels, s.value


def samples_text(text):
    lint = subprocess.run(["promtool", "check", "metrics"], input=text, text=True,
                          capture_output=True)
    if lint.returncode != 0:
        raise ValueError("promtool: " + (lint.stderr or lint.stdout).strip().replace("\n", "; "))
    from prometheus_client.parser import text_string_to_metric_families
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            yield s.name, s.labels, s.value


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ("om", "text"):
        print("usage: metrics_check.py om|text < EXPOSITION", file=sys.stderr)
        return 2
    text = sys.stdin.read()
    try:
        rows = list((samples_om if sys.argv[1] == "om" else samples_text)(text))
    except Exception as e:  # the parsers raise ValueError and friends: any is a failure
        print(f"metrics_check.py {sys.argv[1]}: {e}", file=sys.stderr)
        return 1
    for name, labels, value in rows:
        inner = ",".join(f'{k}="{labels[k]}"' for k in sorted(labels))
        shown = str(int(value)) if float(value).is_integer() else repr(float(value))
        print(f"{name}{{{inner}}} {shown}" if inner else f"{name} {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
