"""Article files in the seed layout for story tests: one study told by two outlets a day apart,
an unrelated study, and a look-alike published in another journal."""

from __future__ import annotations

from pathlib import Path

WIRE = """Outlet: Oncology Wire


Selpercatinib Keeps RET Fusion Lung Cancer in Check for Two Years

By: Jordan Hale
Posted: Tuesday, June 28, 2022

According to research published in the Journal of Thoracic Oncology, selpercatinib produced \
durable responses in patients with RET fusion-positive non-small cell lung cancer. The phase 2 \
trial enrolled 144 patients who had received prior platinum chemotherapy.

"These responses were deep and lasting," said Marta Ellison, MD, PhD, of Northfield Cancer \
Institute, and colleagues.

The objective response rate was 61% and the median duration of response was 28.6 months. \
Patients previously treated with pralsetinib were not eligible.

The study authors acknowledged the limitations of this study; the trial had no control arm.

Disclosure: For full disclosures of the study authors, visit

By continuing to browse this site you permit us and our partners to place identification \
cookies on your browser and agree to our use of cookies to identify you for marketing.
"""

DAILY = """Outlet: Cancer Daily News


RET Inhibitor Shows Lasting Benefit in Lung Cancer Trial

By: Priya Natarajan
Posted: Wednesday, June 29, 2022

Selpercatinib led to long responses in RET fusion-positive non-small cell lung cancer, \
investigators reported in the Journal of Thoracic Oncology.

Lead investigator Marta Ellison, MD, PhD, of Northfield Cancer Institute, said the drug was \
well tolerated. The response rate was 61%.

The single-arm design was a limitation of this study.
"""

UNRELATED = """Outlet: Survivorship Today


Exercise After Breast Cancer Linked to Longer Survival

By: Dana Whitfield
Posted: Thursday, June 30, 2022

Women who exercised regularly after breast cancer treatment lived longer, according to a \
cohort study published in JAMA Oncology by Helen Park, MD, of Lakeside University.

The analysis followed 2,300 survivors for a median of 8 years.

The study authors acknowledged the limitations of this study; it was observational.
"""

OTHER_JOURNAL = """Outlet: Lung Cancer Report


Selpercatinib Data in RET Fusion Lung Cancer Presented Again

By: Sam Ortiz
Posted: Wednesday, June 29, 2022

Selpercatinib produced durable responses in RET fusion-positive non-small cell lung cancer, \
according to an analysis published in Annals of Oncology.

Marta Ellison, MD, PhD, of Northfield Cancer Institute, led the analysis. The response rate \
was 61%.

The small sample size was a limitation.
"""


def write_story_articles(folder: Path, *, other_journal: bool = False) -> dict[str, Path]:
    """Write the articles as .txt files in ``folder``; returns name -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = {"wire": WIRE, "daily": DAILY, "unrelated": UNRELATED}
    if other_journal:
        texts["other_journal"] = OTHER_JOURNAL
    paths = {}
    for index, (name, text) in enumerate(texts.items()):
        path = folder / f"{index:03d}_{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths[name] = path
    return paths
