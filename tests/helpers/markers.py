"""Markers planted in every field and file of exempt (Part B) items, for the tests that
search public outputs for them (``tests/security``): one marker per way an exempt
item's content could travel, none inside another."""

from __future__ import annotations

from pathlib import Path

from helpers import MEETING
from helpers import write_files as write
from helpers.images import png
from helpers.minutes import meeting

# One marker per way an exempt item's content could travel (none is in another).
ID, LATE_ID, EARLIER_ID = "qzvsecretid", "qzvlateid", "qzvearlierid"
PRESENTER, PURPOSE, SUMMARY = "Qzvpresenter", "For decision", "Qzvsummary"
FOLDER, FILE_NAME, IMAGE_NAME = "qzvfolder", "qzvfilename", "qzvimagename"
IMAGE_BYTES, ALT, TEXT = "Qzvimagebytes", "Qzvalt", "Qzvbodytext"
DROP_NAME, DROP_TEXT, CHANGED_TEXT = "qzvdropname", "Qzvdroptext", "Qzvchanged"
TO_FOLLOW, RECEIVED, CHANGED = "report to follow", "now received", "Papers changed"
KIND, VOTE = "RECOMMENDED", "for 7, against 3"
NOTES, OPTIONS, RESOLUTION = "Qzvnotes", "Qzvoptions", "Qzvresolution"
REASONS, INTEREST, ACTION, OWNER = "Qzvreasons", "Qzvinterest", "Qzvaction", "Qzvowner"
EARLIER = ["Qzvearliernotes", "Qzvearlierinterest", "Qzvearlieraction", "Qzvearlierowner"]
COMMENTS = ["Qzvcommentpublic", "Qzvcommentsecret"]
MARKERS = [ID, LATE_ID, EARLIER_ID, PRESENTER, PURPOSE, SUMMARY, FOLDER, FILE_NAME,
           IMAGE_NAME, IMAGE_BYTES, ALT, TEXT, DROP_NAME, DROP_TEXT, CHANGED_TEXT, TO_FOLLOW,
           RECEIVED, CHANGED, KIND, VOTE, NOTES, OPTIONS, RESOLUTION, REASONS, INTEREST,
           ACTION, OWNER, *EARLIER]
TITLES = ("Residential placements: contract award", "Legal advice", "Earlier exempt item")


PUBLIC_ITEM = """
[[item]]
id = "open-report"
title = "Open report"
presenter = "Head of Libraries"
files = ["reports/open-report.md"]
"""
OPEN_REPORT = "# Opening hours\n\nThe libraries open at nine.\n"
PUBLIC_RECORD = """\
[attendance]
present = ["Councillor A", "Councillor B"]

[[resolution]]
item = "open-report"
text = ["That the opening hours be noted."]

[[resolution.action]]
what = "Publish the library hours"
owner = "Head of Libraries"
due = 2027-05-01
"""
EARLIER_ITEMS = """
[[item]]
id = "budget"
title = "Budget monitoring"
"""
EARLIER_RECORD = """\
[[resolution]]
item = "budget"
notes = "The budget was discussed."

[[resolution.action]]
what = "Review the reserves"
owner = "Director of Finance"
due = 2027-06-01
"""


def marked_meeting(base: Path) -> Path:
    """An earlier meeting and this one, their exempt items marked in every field."""
    write(base / "test-2027-01-13", {
        "pack.toml": meeting("2027-01-13") + EARLIER_ITEMS + f"""
[[item]]
id = "{EARLIER_ID}"
title = "Earlier exempt item"
exempt = 1
""",
        "resolutions.toml": EARLIER_RECORD + f"""
[[resolution]]
item = "{EARLIER_ID}"
notes = "{EARLIER[0]} the placement was reviewed."
interests = ["{EARLIER[1]} Councillor A knows the family."]

[[resolution.action]]
what = "{EARLIER[2]} write to the provider"
owner = "{EARLIER[3]}"
due = 2027-02-01
"""})
    return write(base / "test-2027-03-17", {
        "pack.toml": MEETING + PUBLIC_ITEM + f"""
[[item]]
id = "{ID}"
title = "Residential placements: contract award"
presenter = "{PRESENTER}"
purpose = "decision"
summary = "{SUMMARY} the preferred bidder"
exempt = 3
files = ["{FOLDER}/{FILE_NAME}.md"]

[[item]]
id = "{LATE_ID}"
title = "Legal advice"
exempt = 5
to_follow = true
""",
        "reports/open-report.md": OPEN_REPORT.replace(
            "nine.", f"nine.\n\n<!-- {COMMENTS[0]}: ask legal before this goes out -->\n"),
        f"{FOLDER}/{FILE_NAME}.md": f"# Tender\n\n{TEXT} The bids were scored.\n\n"
                                    f"<!-- {COMMENTS[1]} -->\n\n"
                                    f"![{ALT} scores]({IMAGE_NAME}.png)\n",
        f"{FOLDER}/{IMAGE_NAME}.png": png(29, 13, IMAGE_BYTES),
        f"reports/{ID}-{DROP_NAME}.md": f"# Appendix\n\n{DROP_TEXT} prices.\n",
        "resolutions.toml": PUBLIC_RECORD + f"""
[[resolution]]
item = "{ID}"
kind = "{KIND}"
notes = "{NOTES} the bids were compared."
options = "{OPTIONS} re-tender."
text = ["{RESOLUTION} that the contract be awarded."]
reasons = "{REASONS} best value."
vote = {{ for = 7, against = 3, abstain = 2 }}
interests = ["{INTEREST} Councillor B is related to a bidder."]

[[resolution.action]]
what = "{ACTION} sign the contract"
owner = "{OWNER}"
due = 2027-04-01
"""})


def late_papers(root: Path) -> None:
    """Late papers: the exempt report changes, the exempt report to follow arrives, and a
    public item is added, so a supplement has something public to say."""
    write(root, {f"{FOLDER}/{FILE_NAME}.md": f"# Tender\n\n{TEXT} {CHANGED_TEXT} scores.\n\n"
                                             f"<!-- {COMMENTS[1]}\n\nstill to check -->\n",
                 f"reports/{LATE_ID}-advice.md": "# Advice\n\nCounsel's advice.\n",
                 "reports/youth.md": "# Youth council\n\nIt met four times.\n"})
    text = (root / "pack.toml").read_text(encoding="utf-8")
    (root / "pack.toml").write_text(text + '\n[[item]]\nid = "youth"\ntitle = "Youth council"\n'
                                    'files = ["reports/youth.md"]\n', encoding="utf-8")
