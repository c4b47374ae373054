# ruff: noqa: E501  (the template's YAML lines match the shipped scenarios' one-line mappings)
"""The commented scenario template that ``sandtable new-scenario NAME`` writes.

The template is a complete, small scenario (four stakeholders, four team members, one
competitor, one event) that validates and plays as it is, so a trainer always starts from a
working file and changes one thing at a time. Every field carries a comment saying what it does;
docs/scenarios.md is the full reference and docs/model.md the model behind each number.
"""

from __future__ import annotations

import re

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
"""A scenario id (and file name): lowercase letters, digits and _, starting with a letter."""

PLACEHOLDER = "__SCENARIO_ID__"

TEMPLATE = """\
# New Sandtable scenario (沙盘场景模板) — written by `sandtable new-scenario __SCENARIO_ID__`.
#
# This file is a complete, small scenario that validates and plays as it is. Change it one part
# at a time and check it after each change:
#     sandtable validate __SCENARIO_ID__.yaml
#     sandtable run __SCENARIO_ID__.yaml --seed 1
#     sandtable batch __SCENARIO_ID__.yaml -n 300 --policy expert
# Field reference and a step-by-step guide: docs/scenarios.md.  The model behind every number:
# docs/model.md.  Unknown keys are an error, so a typo is reported with its line.
#
# Every user-facing text is written in both languages: {en: "...", zh: "..."}.
# 每段面向学员的文字都要写中英文两种：{en: "...", zh: "..."}。
# Time is counted in rounds ("weeks") of timeline.round_days working days.

format: sandtable-scenario/1     # the file format; always this value
id: __SCENARIO_ID__              # lowercase letters, digits and _; usually the file name

title:                           # shown in the game and in reports
  en: "A new scenario (edit me)"
  zh: "新场景（请修改）"
description:                     # the situation as the trainees read it at the start
  en: >-
    Example Manufacturing plans a new planning system. We have sold it maintenance software
    before; a competitor with a lower price is also bidding. Replace this text with your case.
  zh: >-
    示例制造公司计划上线新的计划排产系统。我们以前给它卖过设备维护软件；另一家报价更低的厂商也在投标。
    请把这段文字换成你自己的案例。

# --- The account (客户与商机) --------------------------------------------------------------
account:
  name: {en: "Example Manufacturing Co.", zh: "示例制造有限公司"}
  industry: {en: "Discrete manufacturing", zh: "离散制造"}
  sale_type: cross_sell          # cross_sell (existing customer) or new_account; descriptive only
  deal_value: 2000000            # list price of our offer, in `currency`
  currency: CNY                  # default CNY
  pursuit_budget: 120000         # money for activities (travel, workshops, demos); too little = no bid
  public_tender: false           # descriptive only: every deal has one formal bid and one award

# --- The customer's buying clock (客户采购时间线), in weeks; [low, high] = drawn uniformly ---
timeline:
  round_days: 5                  # working days per round (1-20)
  horizon_weeks: 30              # the deal ends as "no decision" if nothing is awarded by then
  need_firm: [2, 4]              # the need becomes firm (phase: requirements)
  tender_issued: [8, 11]         # the tender (RFP) is issued; must not start before need_firm
  bid_window: [2, 3]             # weeks from tender to bid opening (at least 1)
  evaluation: [2, 3]             # weeks from bid opening to the award
  contract: [1, 2]               # weeks of negotiation after a win
  delivery: [12, 16]             # weeks of delivery after the contract
  payment: [4, 8]                # weeks from acceptance to payment

# --- The buying centre (关键人 / 决策链) ---------------------------------------------------
# Exactly one economic_buyer. Roles: economic_buyer, technical_buyer, user_buyer, coach,
# gatekeeper. Departments: business, technical, executive, procurement, finance (decides which
# presentation angle fits). response_mode: growth | trouble (easy to move) | even_keel |
# overconfident (hard to move). concerns: weights over five dimensions, adding up to 1.
# disposition: starting leaning -5..+5 toward "us", each competitor id, and "none" (do nothing).
# reach: open | introduction (needs introduced_by) | executive_peer (our executive first).
# known: what the team knows at the start (role, influence, response_mode, concerns,
# disposition, links, agenda). links: whose opinion this person follows, weights summing <= 1.
stakeholders:
  - id: gm
    name: {en: "Liang Hao", zh: "梁浩"}
    title: {en: "General Manager", zh: "总经理"}
    department: executive
    roles: [economic_buyer]
    influence: 0.35               # weight in the group decision (normalised over everyone)
    response_mode: even_keel
    concerns: {business_value: 0.45, technical_fit: 0.05, implementation_risk: 0.25, price: 0.15, relationship: 0.10}
    disposition: {us: 0, rival: 0, none: 1}
    known: [role]
    reach: executive_peer
    links: {ops: 0.20}
    agenda:
      en: "Promised the owners on-time delivery above 95% this year."
      zh: "向股东承诺今年准时交货率要超过95%。"
  - id: ops
    name: {en: "Xia Min", zh: "夏敏"}
    title: {en: "Operations Director", zh: "运营总监"}
    department: business
    roles: [user_buyer, coach]
    influence: 0.25
    response_mode: growth
    concerns: {business_value: 0.50, technical_fit: 0.15, implementation_risk: 0.20, price: 0.0, relationship: 0.15}
    disposition: {us: 2, rival: 0, none: -1}
    known: [role, influence]
    links: {gm: 0.15}
    agenda:
      en: "Plans the shop floor in spreadsheets every Sunday night."
      zh: "每个周日晚上都在用Excel排下周的生产计划。"
  - id: it
    name: {en: "Fan Yu", zh: "范宇"}
    title: {en: "IT Manager", zh: "信息部经理"}
    department: technical
    roles: [technical_buyer]
    influence: 0.22
    response_mode: overconfident
    concerns: {business_value: 0.10, technical_fit: 0.45, implementation_risk: 0.30, price: 0.05, relationship: 0.10}
    disposition: {us: 0, rival: 1, none: 1}
    reach: introduction
    introduced_by: [ops]
    links: {ops: 0.10}
    agenda:
      en: "Runs four systems with two people; will not accept one more interface to maintain."
      zh: "两个人维护四套系统，不想再多一个要维护的接口。"
  - id: buyer
    name: {en: "Qiao Li", zh: "乔丽"}
    title: {en: "Purchasing Manager", zh: "采购经理"}
    department: procurement
    roles: [gatekeeper]
    influence: 0.18
    response_mode: even_keel
    concerns: {business_value: 0.10, technical_fit: 0.10, implementation_risk: 0.20, price: 0.50, relationship: 0.10}
    disposition: {us: 0, rival: 1, none: 0}
    known: [role]
    links: {gm: 0.10}

# --- Our team (我方团队): sales_rep (at least one), presales, project_manager, executive -----
# skills 0..1 per competency (missing ones are 0.5); context 0..1 = what the member already
# knows of the account (a member with no context works at context_floor of their skill).
team:
  - id: rep
    name: {en: "Sales rep", zh: "销售代表"}
    role: sales_rep
    weekly_hours: 30             # capacity per round
    hourly_cost: 300             # labour cost per hour (counted in the margin, not the budget)
    context: 0.6
    skills: {discovery: 0.6, relationship: 0.7, presentation: 0.5, technical: 0.3, implementation: 0.2, bidding: 0.5, negotiation: 0.6}
  - id: presales
    name: {en: "Presales consultant", zh: "售前顾问"}
    role: presales
    weekly_hours: 24
    hourly_cost: 400
    context: 0.0
    skills: {discovery: 0.5, relationship: 0.4, presentation: 0.7, technical: 0.8, implementation: 0.4, bidding: 0.7, negotiation: 0.3}
  - id: pm
    name: {en: "Project manager", zh: "项目经理"}
    role: project_manager
    weekly_hours: 12
    hourly_cost: 450
    context: 0.0
    skills: {discovery: 0.4, relationship: 0.5, presentation: 0.5, technical: 0.6, implementation: 0.8, bidding: 0.5, negotiation: 0.3}
  - id: boss
    name: {en: "Division general manager", zh: "事业部总经理"}
    role: executive
    weekly_hours: 4
    hourly_cost: 1200
    context: 0.3
    skills: {discovery: 0.5, relationship: 0.8, presentation: 0.7, technical: 0.4, implementation: 0.4, bidding: 0.4, negotiation: 0.7}

# --- Our offer (我方方案) -------------------------------------------------------------------
# strengths: what we can really show (the ceiling selling moves perception toward);
# reputation: what the customer believes at the start. Both 0..1 per dimension; for
# implementation_risk, higher means "less risky".
solution:
  name: {en: "Production planning system", zh: "生产计划排产系统"}
  strengths: {business_value: 0.75, technical_fit: 0.70, implementation_risk: 0.70, price: 0.50, relationship: 0.70}
  reputation: {business_value: 0.50, technical_fit: 0.55, implementation_risk: 0.45, price: 0.50, relationship: 0.55}
  references: 1                  # reference customers; 0 = no reference visits possible
  delivery_cost_ratio: 0.6       # share of the contract value spent on delivery (for the margin)

# --- Competitors (竞争对手), up to 6 -------------------------------------------------------
# archetype: incumbent | price_aggressor | technical_leader | doubt_raiser.
competitors:
  - id: rival
    name: {en: "Rival Software", zh: "对手软件"}
    archetype: price_aggressor
    strengths: {business_value: 0.55, technical_fit: 0.60, implementation_risk: 0.50, price: 0.80, relationship: 0.50}
    reputation: {business_value: 0.50, technical_fit: 0.55, implementation_risk: 0.50, price: 0.75, relationship: 0.45}
    price_ratio: 0.85            # its list price relative to our deal_value
    capacity: 2                  # stakeholders it works on per week (0-10)
    aggressiveness: 0.6          # 0..1: how much of max_discount it tends to use
    max_discount: 0.2            # its largest discount at bid time

# --- The tender (招投标评分) ----------------------------------------------------------------
tender:
  technical_weight: 60           # quality points; technical + commercial = 100
  commercial_weight: 40          # price points
  price_formula: lowest_over_own # or linear
  formal_weight: 0.6             # share of the formal score in the decision; the rest is politics
  technical_veto: 0.3            # a technical buyer vetoes a vendor rated below this on fit
  max_discount: 0.3              # the largest discount our bid may carry

# --- Customer events (客户侧事件), optional ------------------------------------------------
# week: [low, high] drawn uniformly; probability: chance it happens at all. Other kinds:
#   - kind: budget_cut
#     week: [8, 14]
#     probability: 0.2
#     factor: 0.85               # deal value x factor
#   - kind: timeline_slip
#     week: [5, 10]
#     probability: 0.3
#     weeks: 3                   # milestones still ahead move later
#   - kind: decision_maker_replaced
#     week: [6, 12]
#     probability: 0.5
#     stakeholder: gm            # the seat that changes hands
#     delay_weeks: 2
#     successor:
#       name: {en: "...", zh: "..."}
#       title: {en: "...", zh: "..."}
#       response_mode: even_keel
#       concerns: {business_value: 0.3, technical_fit: 0.1, implementation_risk: 0.3, price: 0.2, relationship: 0.1}
#       disposition: {us: 0, rival: 1, none: 1}
events:
  - kind: customer_asks_pm
    week: [5, 9]
    probability: 0.7
    stakeholder: it
    deadline_weeks: 3            # our PM must meet them within this many weeks
    note:
      en: "Fan asks to meet the project manager who would run the implementation."
      zh: "范经理要求见一见负责实施的项目经理。"

# --- Model parameters (模型参数), optional -------------------------------------------------
# Leave them out to use the defaults; every one is explained in docs/model.md, for example:
# parameters:
#   choice_temperature: 0.15
#   no_decision_base: 0.1

# --- Trainer note (讲师手册): learning goals, good play, common mistakes, debrief questions ---
trainer_note:
  learning_goals:
    en: "Describe what this scenario teaches."
    zh: "写明本场景的训练目标。"
  good_play:
    en: "Describe what a well-coordinated team does here."
    zh: "写明协同良好的团队会怎么做。"
  common_mistakes:
    en: "List the mistakes trainees usually make."
    zh: "列出学员常犯的错误。"
  debrief_questions:
    en: "Which questions will you ask in the debrief?"
    zh: "复盘时要问哪些问题？"
"""


def is_valid_id(name: str) -> bool:
    """Whether ``name`` can be a scenario id (and so the file name ``NAME.yaml``)."""
    return bool(ID_PATTERN.fullmatch(name))


def render_template(name: str) -> str:
    """The template text with ``name`` as the scenario id; ``name`` must be a valid id."""
    if not is_valid_id(name):
        raise ValueError(
            f"'{name}' is not a valid scenario id "
            "(lowercase letters, digits and _, starting with a letter)"
        )
    return TEMPLATE.replace(PLACEHOLDER, name)
