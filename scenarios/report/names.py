"""The names of what a report writes beside its command's files (no heavy imports here: the
commands that only clear an earlier report must not load matplotlib)."""

REPORT_FILE = "report.html"
CHARTS_DIR = "charts"
