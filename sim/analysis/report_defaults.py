"""Defaults shared by the report, the notebook and the command.

May import nothing (the command reads it before deciding to load pandas and matplotlib).
"""

# Seeds per ghost policy for the outcome spread: a rate to about ±10 points, and a full-length
# report well within its 10 s budget (benchmarks/results/report_build.json).
REPLICATIONS = 100
