"""The sandbox's stylesheet (class names start with ``st-`` so nothing else is touched)."""

STYLE = """<style>
.st-app { font-size: 14px; }
.st-app h2, .st-app h3, .st-app h4 { margin: 0.4em 0 0.3em; }
.st-header { background: #f3f6fa; border: 1px solid #d5dde8; border-radius: 4px;
  padding: 6px 10px; }
.st-week { font-weight: bold; font-size: 1.1em; }
.st-unknown { color: #888; font-style: italic; }
.st-table { border-collapse: collapse; font-size: 12.5px; }
.st-table th, .st-table td { border: 1px solid #ddd; padding: 3px 6px; text-align: left;
  vertical-align: top; }
.st-table th { background: #f5f5f5; }
.st-table td, .st-table th { line-height: 1.35; }
.st-tracker { display: flex; flex-wrap: wrap; gap: 4px; }
.st-stage { border: 1px solid #ccc; border-radius: 4px; padding: 3px 6px; font-size: 12px;
  min-width: 9em; }
.st-stage ul { margin: 2px 0; padding-left: 0; list-style: none; }
.st-stage-done { background: #e8f5e9; }
.st-stage-current { background: #fff8e1; border-color: #f0a000; border-width: 2px; }
.st-stage-later { color: #666; }
.st-met { color: #2e7d32; }
.st-feed ul { margin-top: 2px; }
.st-feed h4 { font-size: 13px; color: #444; }
.st-capacity ul { margin: 2px 0 6px; }
.st-over { color: #c62828; font-weight: bold; }
.st-message { padding: 6px 10px; border-radius: 4px; margin: 4px 0; }
.st-message-error { background: #fdecea; border: 1px solid #f5c2c0; color: #8a1c12; }
.st-message-success { background: #e8f5e9; border: 1px solid #b9e0bd; }
.st-message-info { background: #e8f0fe; border: 1px solid #c3d4f7; }
.st-message-warning { background: #fff8e1; border: 1px solid #f0c36d; }
.st-replay-notice ul { margin: 2px 0; }
.st-gradient { display: inline-block; width: 12em; height: 0.8em; vertical-align: middle;
  border: 1px solid #999; }
.st-legend { font-size: 12.5px; }
.st-info { color: #555; font-size: 12px; }
/* Labels are never cut: a select sized to its options, tab titles and buttons as wide as
   their words (issue 15: "Presales consultan", "Rem…"). */
.st-app .st-fit select { flex: 1 1 auto; width: auto; min-width: 0; max-width: 100%; }
.st-app .lm-TabBar-tab, .st-app .p-TabBar-tab { flex: 0 0 auto !important;
  min-width: fit-content; max-width: none !important; }
.st-app .lm-TabBar-tabLabel, .st-app .p-TabBar-tabLabel { overflow: visible;
  text-overflow: clip; }
.st-app button.jupyter-button { flex-shrink: 0; min-width: fit-content; }
.st-app .widget-label { min-width: fit-content; }
.st-outcome-won { color: #2e7d32; }
.st-outcome-lost { color: #c62828; }
.st-outcome-no_decision { color: #8d6e00; }
</style>"""
