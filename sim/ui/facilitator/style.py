"""The trainer's extra styles (``st-`` classes, like the sandbox's sheet they add to)."""

STYLE = """<style>
.st-facilitator .st-codes td { font-size: 22px; padding: 6px 14px; }
.st-facilitator .st-codes th { font-size: 16px; padding: 6px 14px; }
.st-facilitator .st-code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace;
  letter-spacing: 0.12em; font-size: 1.2em; }
.st-facilitator .st-trainer-code { max-width: 40em; }
.st-facilitator .st-state { font-size: 0.6em; padding: 2px 8px; border-radius: 10px;
  vertical-align: middle; background: #eee; }
.st-facilitator .st-state-running { background: #e8f5e9; color: #2e7d32; }
.st-facilitator .st-state-paused { background: #fff8e1; color: #8d6e00; }
.st-facilitator .st-state-ended { background: #eceff1; color: #455a64; }
.st-facilitator tr.st-late td { background: #fdecea; }
.st-facilitator .st-board-summary { margin: 4px 0; }
</style>"""
