"""Broken scenario files, each made by one precise edit of the shipped, valid scenario.

A :class:`Broken` case says how to make its file from the valid text and where the validator
should point: the dotted field path, the line (found by searching the mutated file for an
anchor text, so it stays right when the scenario changes) and a fragment of the message.

Cases the loader currently gets wrong carry ``defect`` (why); ``garbles_output`` says the
defect also breaks the one-line output contract (a traceback or a multi-line message).
A mistake in the catalogue itself (an edit or anchor that does not match) raises ValueError,
which the tests' xfail marks do not accept, so it can never pass for a loader defect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

VALID_SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "cross_sell_mes_erp.yaml"

Edit = Callable[[str], bytes | None]
"""Turns the valid scenario text into the broken file's bytes (``None``: write no file)."""


def replace(old: str, new: str, *more: tuple[str, str]) -> Edit:
    """Replace text that occurs exactly once (several pairs are applied in order)."""
    pairs = ((old, new), *more)

    def edit(valid: str) -> bytes:
        text = valid
        for before, after in pairs:
            found = text.count(before)
            if found != 1:
                raise ValueError(f"{before!r} occurs {found} times in the scenario, not once")
            text = text.replace(before, after)
        return text.encode("utf-8")

    return edit


def remove_block(start: str, end: str) -> Edit:
    """Cut the text from ``start`` up to (not including) ``end``."""

    def edit(valid: str) -> bytes:
        first = valid.index(start)
        return (valid[:first] + valid[valid.index(end, first) :]).encode("utf-8")

    return edit


def replace_bytes(old: str, new: bytes) -> Edit:
    """Replace text with raw bytes (to make a file that is not UTF-8)."""

    def edit(valid: str) -> bytes:
        encoded = valid.encode("utf-8")
        if encoded.count(old.encode("utf-8")) != 1:
            raise ValueError(f"{old!r} does not occur exactly once in the scenario")
        return encoded.replace(old.encode("utf-8"), new)

    return edit


def whole_file(content: str) -> Edit:
    """Ignore the valid scenario: the file holds just ``content``."""
    return lambda _valid: content.encode("utf-8")


def no_file() -> Edit:
    """Do not write the file at all."""
    return lambda _valid: None


def a_directory() -> Edit:
    """Marker edit: a directory stands where the file should be (see :meth:`Broken.write`)."""
    return _directory_marker


def _directory_marker(_valid: str) -> bytes | None:
    return None


@dataclass(frozen=True)
class Broken:
    """One kind of broken scenario file and the problem the validator should report."""

    id: str
    story: str
    edit: Edit
    path: str
    says: str
    at: str | None = None
    """Text on the line the problem should point at; ``None`` means line 1."""
    expects: str = ""
    """A fragment of the ``(expected ...)`` part."""
    defect: str | None = None
    garbles_output: bool = False

    def write(self, directory: Path) -> Path:
        target = directory / f"{self.id}.yaml"
        if self.edit is _directory_marker:
            target.mkdir()
            return target
        content = self.edit(VALID_SCENARIO.read_text(encoding="utf-8"))
        if content is not None:
            target.write_bytes(content)
        return target

    def expected_line(self, file: Path) -> int:
        """The 1-based line of ``at`` in the written file (which must hold it exactly once)."""
        if self.at is None:
            return 1
        content = file.read_bytes()
        anchor = self.at.encode("utf-8")
        if content.count(anchor) != 1:
            raise ValueError(f"{self.id}: anchor {self.at!r} is not unique in the mutated file")
        return content[: content.index(anchor)].count(b"\n") + 1


BROKEN: tuple[Broken, ...] = (
    # ---- the file itself ---------------------------------------------------------------------
    Broken(
        "empty_file", "The trainer saved an empty file.",
        whole_file(""), "(file)", "empty",
    ),
    Broken(
        "whitespace_only", "The file holds only spaces, a tab and blank lines.",
        whole_file("  \n\t\n   \n"), "(file)", "empty",
    ),
    Broken(
        "comments_only", "The file holds only a comment.",
        whole_file("# TODO: write the scenario\n"), "(file)", "nothing",
    ),
    Broken(
        "top_level_list", "The whole file is a list instead of a mapping of scenario keys.",
        whole_file("- id: chen\n- id: liu\n"), "(file)", "a list", expects="mapping",
    ),
    Broken(
        "top_level_scalar", "The whole file is one sentence.",
        whole_file("just a sentence about the deal\n"), "(file)", "a text", expects="mapping",
    ),
    Broken(
        "not_utf8", "Chen's name was saved in GBK, not UTF-8, in the middle of the file.",
        replace_bytes("陈建国", "陈建国".encode("gbk")), "(file)", "not UTF-8",
        at='name: {en: "Chen Jianguo"', expects="UTF-8",
    ),
    Broken(
        "nul_byte", "A NUL character slipped into Chen's department on line 39.",
        replace("department: executive\n", "department: exec\x00utive\n"),
        "(yaml)", "unacceptable character", at="department: exec",
    ),
    Broken(
        "escape_character", "An ANSI escape code was pasted into Sun Hao's id.",
        replace("- id: sun\n", "- id: s\x1b[0mun\n"),
        "(yaml)", "unacceptable character #x001b", at="- id: s", expects="printable",
    ),
    Broken(
        "missing_file", "The path names a file that does not exist.",
        no_file(), "(file)", "cannot read", expects="readable file",
    ),
    Broken(
        "directory", "The path names a directory.",
        a_directory(), "(file)", "cannot read",
    ),
    # ---- YAML syntax ------------------------------------------------------------------------
    Broken(
        "indented_too_deep", "Chen's roles line is indented two spaces too far.",
        replace("    department: executive\n    roles:", "    department: executive\n      roles:"),
        "(yaml)", "YAML syntax", at="      roles: [economic_buyer]", expects="valid YAML",
    ),
    Broken(
        "indented_too_shallow", "Chen's roles line lost one space of indentation.",
        replace("    department: executive\n    roles:", "    department: executive\n   roles:"),
        "(yaml)", "YAML syntax", at="   roles: [economic_buyer]",
    ),
    Broken(
        "tab_indentation", "Chen's department is indented with a tab.",
        replace("    department: executive\n", "\tdepartment: executive\n"),
        "(yaml)", "cannot start any token", at="\tdepartment",
    ),
    Broken(
        "unclosed_bracket", "Chen's list of roles never closes its bracket.",
        replace("roles: [economic_buyer]", "roles: [economic_buyer"),
        "(yaml)", "YAML syntax", at="roles: [economic_buyer\n",
    ),
    Broken(
        "unclosed_brace", "Chen's name mapping never closes its brace.",
        replace('zh: "陈建国"}', 'zh: "陈建国"'),
        "(yaml)", "YAML syntax", at='name: {en: "Chen Jianguo"',
    ),
    Broken(
        "unclosed_quote", "The last line of the file opens a quote and never closes it.",
        replace("前四周你们会怎么做？\"\n", "前四周你们会怎么做？\n"),
        "(yaml)", "YAML syntax", at='    zh: "李娜和王强第一次',
    ),
    Broken(
        "stray_quote", "A missing closing quote inside Chen's name swallows the comma.",
        replace('{en: "Chen Jianguo", zh:', '{en: "Chen Jianguo, zh:'),
        "(yaml)", "YAML syntax", at='{en: "Chen Jianguo, zh:',
    ),
    Broken(
        "duplicate_key", "Chen's influence is given twice.",
        replace("    influence: 0.30\n", "    influence: 0.30\n    influence: 0.50\n"),
        "(yaml)", "duplicate key", at="    influence: 0.50",
    ),
    Broken(
        "duplicate_key_in_flow_mapping", "Chen's disposition names 'us' twice on one line.",
        replace("{us: 1, yunqi: 0, jinding: 0, none: 2}", "{us: 1, yunqi: 0, jinding: 0, us: 2}"),
        "(yaml)", "duplicate key", at="{us: 1, yunqi: 0, jinding: 0, us: 2}",
    ),
    Broken(
        "two_documents", "A second YAML document was pasted after the scenario.",
        lambda valid: (valid + "---\nid: another\n").encode("utf-8"),
        "(yaml)", "another document", at="---\n",
    ),
    Broken(
        "nested_too_deep", "A runaway editor macro typed thousands of brackets.",
        whole_file("id: " + "[" * 5000 + "]" * 5000 + "\n"), "(yaml)", "nested too deeply",
    ),
    # ---- keys -------------------------------------------------------------------------------
    Broken(
        "missing_top_level_key", "The whole tender section was deleted.",
        remove_block("tender:\n", "events:\n"), "tender", "missing", expects="required",
    ),
    Broken(
        "missing_nested_key", "Chen has no influence; the problem points at Chen's entry.",
        replace("    influence: 0.30\n", ""), "stakeholders.0.influence", "missing",
        at="- id: chen",
    ),
    Broken(
        "unknown_top_level_key", "An unknown 'sponsor' section was added.",
        replace("tender:\n", "sponsor: Zhao Ming\ntender:\n"), "sponsor", "unknown key 'sponsor'",
        at="sponsor:", expects="stakeholders",
    ),
    Broken(
        "top_level_key_typo", "'competitors' is spelt 'competitor'.",
        replace("competitors:\n", "competitor:\n"), "competitor",
        "did you mean 'competitors'", at="competitor:\n",
    ),
    Broken(
        "nested_key_typo", "Chen's influence is spelt 'influense'.",
        replace("    influence: 0.30\n", "    influense: 0.30\n"), "stakeholders.0.influense",
        "did you mean 'influence'", at="influense:", expects="response_mode",
    ),
    Broken(
        "skill_typo", "The sales rep's negotiation skill is spelt 'negotation'.",
        replace("bidding: 0.5, negotiation: 0.6}", "bidding: 0.5, negotation: 0.6}"),
        "team.0.skills.negotation", "did you mean 'negotiation'", at="negotation: 0.6",
    ),
    Broken(
        "event_key_typo", "The budget cut's factor is spelt 'facter'.",
        replace("factor: 0.85", "facter: 0.85"), "events.1.facter",
        "did you mean 'factor'", at="facter:", expects="factor",
    ),
    Broken(
        "event_note_key_typo", "The PM request's English note is keyed 'eng'.",
        replace('      en: "Zhou asks', '      eng: "Zhou asks'), "events.0.note.eng",
        "did you mean 'en'", at='eng: "Zhou asks', expects="en, zh",
    ),
    Broken(
        "trainer_note_key_typo", "The learning goals' Chinese text is keyed 'ZH'.",
        replace('    zh: "交接', '    ZH: "交接'), "trainer_note.learning_goals.ZH",
        "did you mean 'zh'", at='ZH: "交接', expects="en, zh",
    ),
    # ---- types ------------------------------------------------------------------------------
    Broken(
        "text_for_number", "The deal value is written as a word.",
        replace("deal_value: 3200000", "deal_value: lots"), "account.deal_value",
        "wrong type", at="deal_value: lots", expects="a number",
    ),
    Broken(
        "nothing_for_number", "Chen's influence is left blank.",
        replace("influence: 0.30", "influence:"), "stakeholders.0.influence",
        "got nothing", at="influence:\n", expects="a number",
    ),
    Broken(
        "impossible_date", "The horizon is written as a date that does not exist.",
        replace("horizon_weeks: 40", "horizon_weeks: 2024-02-30"), "timeline.horizon_weeks",
        "wrong type", at="horizon_weeks: 2024-02-30", expects="a whole number",
    ),
    Broken(
        "multiline_id", "Chen's id is a block of two lines.",
        replace("- id: chen\n", "- id: |\n      chen\n      jianguo\n"), "stakeholders.0.id",
        "is not a valid id", at="- id: |", expects="lowercase",
    ),
    Broken(
        "word_for_yes_no", "Whether the tender is public is answered 'maybe'.",
        replace("public_tender: false", "public_tender: maybe"), "account.public_tender",
        "wrong type", at="public_tender: maybe", expects="true or false",
    ),
    Broken(
        "fraction_for_whole_number", "Jinding's capacity is 2.5 bids.",
        replace("capacity: 2\n", "capacity: 2.5\n"), "competitors.1.capacity",
        "wrong type", at="capacity: 2.5", expects="a whole number",
    ),
    Broken(
        "mapping_for_list", "Chen's roles are written as a mapping.",
        replace("roles: [economic_buyer]", "roles: {main: economic_buyer}"),
        "stakeholders.0.roles", "wrong type", at="roles: {main", expects="a list",
    ),
    Broken(
        "word_for_list", "Chen's roles are one bare word instead of a list.",
        replace("roles: [economic_buyer]", "roles: economic_buyer"),
        "stakeholders.0.roles", "wrong type", at="roles: economic_buyer", expects="a list",
    ),
    Broken(
        "plain_string_for_text", "The title is one English string instead of {en, zh}.",
        replace(
            'title:\n  en: "Cross-selling ERP into an MES customer"\n'
            '  zh: "向MES老客户交叉销售ERP"\n',
            'title: "Cross-selling ERP into an MES customer"\n',
        ),
        "title", "wrong type", at='title: "Cross', expects="zh",
    ),
    Broken(
        "week_range_of_three", "The contract range lists three weeks.",
        replace("contract: [1, 3]", "contract: [1, 3, 5]"), "timeline.contract",
        "wrong type", at="contract: [1, 3, 5]", expects="[low, high]",
    ),
    # ---- values -----------------------------------------------------------------------------
    Broken(
        "influence_above_one", "Chen's influence is 1.5.",
        replace("influence: 0.30", "influence: 1.5"), "stakeholders.0.influence",
        "out of range", at="influence: 1.5", expects="≤ 1",
    ),
    Broken(
        "influence_zero", "Chen has no influence at all (it must be above 0).",
        replace("influence: 0.30", "influence: 0"), "stakeholders.0.influence",
        "out of range", at="influence: 0\n", expects="> 0",
    ),
    Broken(
        "disposition_above_five", "Chen's disposition toward us is 7 on a -5..5 scale.",
        replace("{us: 1, yunqi: 0, jinding: 0, none: 2}", "{us: 7, yunqi: 0, jinding: 0, none: 2}"),
        "stakeholders.0.disposition.us", "7 is out of range", at="{us: 7", expects="≤ 5",
    ),
    Broken(
        "event_factor_out_of_range", "The budget cut multiplies the budget by 1.5.",
        replace("factor: 0.85", "factor: 1.5"), "events.1.factor", "out of range",
        at="factor: 1.5", expects="< 1",
    ),
    Broken(
        "unknown_department", "Chen sits in the 'board' department.",
        replace("    department: executive\n", "    department: board\n"),
        "stakeholders.0.department", "'board' is not allowed", at="department: board",
        expects="procurement",
    ),
    Broken(
        "unknown_response_mode", "Chen's response mode is 'calm'.",
        replace("influence: 0.30\n    response_mode: even_keel",
                "influence: 0.30\n    response_mode: calm"),
        "stakeholders.0.response_mode", "'calm' is not allowed", at="response_mode: calm",
        expects="even_keel",
    ),
    Broken(
        "unknown_archetype", "Yunqi's archetype is 'saboteur'.",
        replace("archetype: doubt_raiser", "archetype: saboteur"), "competitors.0.archetype",
        "'saboteur' is not allowed", at="archetype: saboteur", expects="doubt_raiser",
    ),
    Broken(
        "unknown_format_version", "The file claims a format version that does not exist.",
        replace("format: sandtable-scenario/1", "format: sandtable-scenario/2"), "format",
        "not allowed", at="format:", expects="sandtable-scenario/1",
    ),
    Broken(
        "uppercase_id", "Chen's id starts with a capital letter.",
        replace("- id: chen", "- id: Chen"), "stakeholders.0.id", "'Chen' is not a valid id",
        at="- id: Chen", expects="lowercase",
    ),
    Broken(
        "text_without_zh", "Chen's name has no Chinese translation.",
        replace('name: {en: "Chen Jianguo", zh: "陈建国"}', 'name: {en: "Chen Jianguo"}'),
        "stakeholders.0.name.zh", "missing", at='name: {en: "Chen Jianguo"}',
    ),
    Broken(
        "empty_text", "Chen's English title is an empty string.",
        replace('title: {en: "General Manager"', 'title: {en: ""'),
        "stakeholders.0.title.en", "is empty", at='title: {en: ""', expects="non-empty",
    ),
    Broken(
        "blank_text", "Chen's English title is only spaces.",
        replace('title: {en: "General Manager"', 'title: {en: "   "'),
        "stakeholders.0.title.en", "is empty", at='title: {en: "   "',
    ),
    Broken(
        "no_roles", "Chen has an empty list of buying roles.",
        replace("roles: [economic_buyer]", "roles: []"), "stakeholders.0.roles",
        "0 items", at="roles: []", expects="at least 1",
    ),
    # ---- references between parts -----------------------------------------------------------
    Broken(
        "link_to_unknown_stakeholder", "Chen is linked to 'wang', who is not in the buying centre.",
        replace("links: {liu: 0.15, wu: 0.10}", "links: {liu: 0.15, wang: 0.10}"),
        "stakeholders.0.links.wang", "unknown stakeholder 'wang'", at="wang: 0.10",
        expects="zhou",
    ),
    Broken(
        "link_to_self", "Chen is linked to himself.",
        replace("links: {liu: 0.15, wu: 0.10}", "links: {liu: 0.15, chen: 0.10}"),
        "stakeholders.0.links.chen", "cannot link to themself",
        at="links: {liu: 0.15, chen: 0.10}",
    ),
    Broken(
        "link_weights_above_one", "Chen's link weights add up to 1.25.",
        replace("links: {liu: 0.15, wu: 0.10}", "links: {liu: 0.75, wu: 0.50}"),
        "stakeholders.0.links", "more than 1", at="links: {liu: 0.75",
    ),
    Broken(
        "disposition_toward_unknown_vendor", "Chen has a disposition toward 'oracle'.",
        replace("jinding: 0, none: 2}", "jinding: 0, none: 2, oracle: 1}"),
        "stakeholders.0.disposition.oracle", "unknown vendor 'oracle'", at="oracle: 1",
        expects="yunqi",
    ),
    Broken(
        "unknown_introducer", "Liu can be introduced by 'zhang', who does not exist.",
        replace("introduced_by: [wu, zhou]", "introduced_by: [wu, zhang]"),
        "stakeholders.1.introduced_by.1", "'zhang'", at="introduced_by: [wu, zhang]",
    ),
    Broken(
        "introduction_without_introducer", "Liu needs an introduction, but nobody can give it.",
        replace("    introduced_by: [wu, zhou]\n", ""), "stakeholders.1.reach",
        "nobody can introduce", at="reach: introduction", expects="introduced_by",
    ),
    Broken(
        "duplicate_stakeholder_id", "He Min got Sun Hao's id.",
        replace("- id: he\n", "- id: sun\n"), "stakeholders.5.id", "duplicate id 'sun'",
        at='- id: sun\n    name: {en: "He Min"', expects="unique",
    ),
    Broken(
        "stakeholder_and_member_share_id", "The project manager got the id of Wu Lei.",
        replace("- id: pm\n", "- id: wu\n"), "team.2.id", "duplicate id 'wu'",
        at='- id: wu\n    name: {en: "Wang Qiang',
    ),
    Broken(
        "reserved_id_us", "A stakeholder uses the reserved id 'us'.",
        replace("- id: he\n", "- id: us\n"), "stakeholders.5.id", "reserved", at="- id: us",
    ),
    Broken(
        "reserved_id_none", "A competitor uses the reserved id 'none'.",
        replace("- id: jinding\n", "- id: none\n"), "competitors.1.id", "reserved",
        at="- id: none",
    ),
    Broken(
        "merged_link_to_self", "Liu copies Chen's links with a YAML merge key, linking to herself.",
        replace(
            "links: {liu: 0.15, wu: 0.10}", "links: &chen_links {liu: 0.15, wu: 0.10}",
            ("    links: {chen: 0.20}\n", "    links: {<<: *chen_links}\n"),
        ),
        "stakeholders.1.links.liu", "cannot link to themself", at="links: {<<: *chen_links}",
    ),
    Broken(
        "merged_value_out_of_range",
        "Jinding merges Yunqi's strengths, whose relationship is 1.55.",
        replace(
            "strengths: {business_value: 0.7, technical_fit: 0.7, implementation_risk: 0.7, "
            "price: 0.5, relationship: 0.55}",
            "strengths: &yunqi_strengths {business_value: 0.7, technical_fit: 0.7, "
            "implementation_risk: 0.7, price: 0.5, relationship: 1.55}",
            (
                "strengths: {business_value: 0.55, technical_fit: 0.55, implementation_risk: 0.5, "
                "price: 0.8, relationship: 0.45}",
                "strengths: {<<: *yunqi_strengths, price: 0.8}",
            ),
        ),
        "competitors.1.strengths.relationship", "out of range",
        at="strengths: {<<: *yunqi_strengths",
    ),
    Broken(
        "merged_block_mapping",
        "Jinding merges Yunqi's strengths in block style; the relationship of 1.55 comes along.",
        replace(
            "strengths: {business_value: 0.7, technical_fit: 0.7, implementation_risk: 0.7, "
            "price: 0.5, relationship: 0.55}",
            "strengths: &yunqi_strengths {business_value: 0.7, technical_fit: 0.7, "
            "implementation_risk: 0.7, price: 0.5, relationship: 1.55}",
            (
                "strengths: {business_value: 0.55, technical_fit: 0.55, implementation_risk: 0.5, "
                "price: 0.8, relationship: 0.45}",
                "strengths:\n      <<: *yunqi_strengths\n      price: 0.8",
            ),
        ),
        "competitors.1.strengths.relationship", "out of range", at="<<: *yunqi_strengths",
    ),
    # ---- the buying clock and the tender ----------------------------------------------------
    Broken(
        "empty_week_range", "The contract range runs backwards: [9, 3].",
        replace("contract: [1, 3]", "contract: [9, 3]"), "timeline.contract",
        "[9, 3] is empty", at="contract: [9, 3]", expects="low ≤ high",
    ),
    Broken(
        "tender_before_need", "The need firms up in weeks 12-14, after the tender (10-14).",
        replace("need_firm: [2, 4]", "need_firm: [12, 14]"), "timeline.tender_issued",
        "before the need firms up", at="tender_issued:", expects="need_firm",
    ),
    Broken(
        "bids_due_at_once", "The bid window may be zero weeks long.",
        replace("bid_window: [3, 4]", "bid_window: [0, 4]"), "timeline.bid_window",
        "the week the tender is issued", at="bid_window: [0, 4]",
    ),
    Broken(
        "award_after_horizon", "A 20-week horizon ends before the latest award (week 21).",
        replace("horizon_weeks: 40", "horizon_weeks: 20"), "timeline.horizon_weeks",
        "week 21", at="horizon_weeks: 20", expects="horizon_weeks > 21",
    ),
    Broken(
        "concern_weights_not_one", "Chen's concern weights add up to 1.20.",
        replace("concerns: {business_value: 0.45", "concerns: {business_value: 0.65"),
        "stakeholders.0.concerns", "1.20", at="concerns: {business_value: 0.65",
        expects="1.0",
    ),
    Broken(
        "tender_weights_not_100", "Technical 60 and commercial 50 add up to 110.",
        replace("commercial_weight: 40", "commercial_weight: 50"), "tender.commercial_weight",
        "110", at="commercial_weight: 50", expects="= 100",
    ),
    Broken(
        "two_economic_buyers", "Liu is made a second economic buyer.",
        replace("roles: [technical_buyer]\n    influence: 0.15",
                "roles: [economic_buyer]\n    influence: 0.15"),
        "stakeholders.1.roles", "2 economic buyers",
        at="roles: [economic_buyer]\n    influence: 0.15", expects="exactly one",
    ),
    Broken(
        "no_economic_buyer", "Chen is demoted to user buyer; nobody holds the budget.",
        replace("roles: [economic_buyer]", "roles: [user_buyer]"), "stakeholders",
        "0 economic buyers", at="stakeholders:",
    ),
    Broken(
        "no_sales_rep", "The sales rep is turned into a second presales consultant.",
        replace("role: sales_rep", "role: presales"), "team", "no sales rep", at="team:",
        expects="sales_rep",
    ),
    # ---- events -----------------------------------------------------------------------------
    Broken(
        "unknown_event_kind", "An event has the kind 'price_war'.",
        replace("- kind: budget_cut", "- kind: price_war"), "events.1.kind",
        "'price_war' is not allowed", at="- kind: price_war", expects="budget_cut",
    ),
    Broken(
        "event_without_kind", "The timeline slip lost its 'kind' line.",
        replace("  - kind: timeline_slip\n    week: [5, 15]", "  - week: [5, 15]"),
        "events.2", "missing 'kind'", at="  - week: [5, 15]", expects="timeline_slip",
    ),
    Broken(
        "event_about_unknown_stakeholder", "The customer-asks-PM event names 'zhao'.",
        replace("stakeholder: zhou", "stakeholder: zhao"), "events.0.stakeholder",
        "unknown stakeholder 'zhao'", at="stakeholder: zhao", expects="zhou",
    ),
    Broken(
        "event_after_horizon", "The budget cut may come in week 45 of a 40-week deal.",
        replace("week: [8, 20]", "week: [8, 45]"), "events.1.week", "past the horizon",
        at="week: [8, 45]", expects="before 40",
    ),
)
