"""Cue patterns that state a study limitation on their own, with cheap word gates.

Patterns are general wording of limitations (small sample, retrospective design, could not /
unable to, further studies are warranted, generalisability, not powered, single centre, bias,
short follow-up ...), written in lower case and run on lower-cased text. Each pattern has a
gate: words (or stems ending in ``*``) of which one must occur for the pattern to be able to
match. A set lookup per word is far cheaper than scanning every sentence with ~60 patterns,
and a test checks the gates never change a result.
"""

from __future__ import annotations

import re

# Cues that state a limitation on their own.
# Each cue: (gate, pattern). The gate lists words (or stems ending in *) of which one must
# occur for the pattern to match; checking a set of words is far cheaper than a regex scan.
_CUE_TABLE: list[tuple[str, str]] = [
    (
        "limitation limitations",
        "\\b(?:a|one|another|main|major|key|important|further|additional|potential|first|second|third|final|last|notable|obvious|inherent|chief|primary|other|important)\\s+limitations?\\b",
    ),
    (
        "limitation limitations",
        "\\blimitations?\\s+(?:of|to|in)\\s+(?:this|our|the\\s+(?:present|current))\\b",
    ),
    (
        "limitation limitations",
        "\\blimitations?\\s+(?:is|was|are|were|include|includes|included|concern|concerns|relates?)\\b",
    ),
    (
        "limited",
        "\\b(?:is|was|are|were|be|been|remains?)\\s+(?:also\\s+|further\\s+|somewhat\\s+|therefore\\s+)?limited\\s+(?:by|in|to|because|due|as)\\b",
    ),
    (
        "limited",
        "\\blimited\\s+(?:by|sample|number|data|follow-up|statistical|power|generali[sz]ability|size|information|availability|access)\\b",
    ),
    (
        "small modest limited relatively low insufficient",
        "\\b(?:small|modest|limited|relatively small|low|insufficient)\\s+(?:sample|number\\s+of|cohort|study\\s+population|population)\\b",
    ),
    (
        "sample",
        "\\bsample\\s+size\\s+(?:was|is|were)\\s+(?:relatively\\s+)?(?:small|limited|low|modest|insufficient)\\b",
    ),
    (
        "powered underpowered inpowered",
        "\\b(?:under|not\\s+adequately\\s+|not\\s+sufficiently\\s+|in)powered\\b",
    ),
    ("powered", "\\bnot\\s+(?:\\w+\\s+)?powered\\b"),
    ("retrospective", "\\bretrospective\\s+(?:nature|design|study\\s+design)\\b"),
    (
        "retrospective observational cross-sectional",
        "\\b(?:due\\s+to|because\\s+of|given|owing\\s+to)\\s+(?:the|its|our)\\s+(?:retrospective|observational|cross-sectional)\\b",
    ),
    (
        "retrospective observational cross-sectional non-randomized non-randomised nonrandomized nonrandomised",
        "\\b(?:was|is|being|were)\\s+(?:a\\s+)?(?:retrospective|observational|cross-sectional|non-randomi[sz]ed)\\b(?!\\s+(?:and|multi))",
    ),
    (
        "single-center single-centre single center centre single-institution single-institutional single-site",
        "\\b(?:single[- ]cent(?:er|re)|single[- ]institution(?:al)?|single[- ]site|one\\s+cent(?:er|re)|only\\s+1\\s+cent(?:er|re))\\b",
    ),
    (
        "bias",
        "\\b(?:selection|recall|information|reporting|referral|publication|observer|measurement|misclassification|survivor(?:ship)?|detection|attrition|non-?response|enrol(?:l)?ment|sampling|volunteer|lead-time|ascertainment|spectrum|verification|immortal\\s+time)\\s+bias\\b",
    ),
    (
        "bias*",
        "\\b(?:potential|possible|risk\\s+of|source\\s+of|some|may\\s+(?:be|have\\s+been)|susceptible\\s+to|prone\\s+to|subject\\s+to|introduce[sd]?|cannot\\s+exclude|be\\s+a)\\s+(?:\\w+\\s+)?bias",
    ),
    (
        "confound*",
        "\\bresidual\\s+confounding\\b|\\bunmeasured\\s+confound|\\bconfounding\\s+(?:factors?|variables?)\\s+(?:may|might|could|cannot|can\\s*not)\\b",
    ),
    (
        "generali*",
        "\\b(?:(?:might|may|could|can|will)\\s+not\\s+be\\s+|not\\s+(?:be\\s+)?|limited\\s+)generali[sz]",
    ),
    ("generali*", "\\bgenerali[sz]ab(?:ility|le)\\b"),
    (
        "unable able",
        "\\b(?:we|they|authors|it)\\s+(?:were|was|are|is)\\s+(?:unable|not\\s+able)\\s+to\\b",
    ),
    ("could can couldn cannot", "\\b(?:we|they|it)\\s+(?:could|can)\\s*(?:not|n't)\\b"),
    (
        "cannot could can",
        "\\b(?:could|can)\\s*not\\s+(?:be\\s+)?(?:\\w+ly\\s+)?(?:rule[ds]?\\s+out|exclude[sd]?|determine[sd]?|assess(?:ed)?|evaluate[sd]?|confirm(?:ed)?|establish(?:ed)?|obtain(?:ed)?|account(?:ed)?|adjust(?:ed)?|control(?:led)?|examine[sd]?|verif(?:y|ied)|analy[sz]e[sd]?|measure[sd]?|collect(?:ed)?|investigate[sd]?|identif(?:y|ied)|include[sd]?|perform(?:ed)?|compare[sd]?|distinguish(?:ed)?|draw|infer(?:red)?|clarif(?:y|ied)|address(?:ed)?)\\b",
    ),
    (
        "possible available recorded collected assessed measured",
        "\\bwas\\s+not\\s+possible\\b|\\bwere\\s+not\\s+(?:available|recorded|collected|assessed|measured)\\b",
    ),
    (
        "available recorded collected assessed measured evaluated examined considered investigated performed analyzed analysed blinded randomized randomised",
        "\\b(?:was|is)\\s+not\\s+(?:available|recorded|collected|assessed|measured|evaluated|examined|considered|investigated|performed|analy[sz]ed|blinded|randomi[sz]ed)\\b",
    ),
    (
        "did do",
        "\\b(?:did|do)\\s+not\\s+(?:have(?!\\s+to\\b)|include|assess|evaluate|measure|collect|account|adjust|control|examine|investigate|consider|analy[sz]e|record|obtain|perform|check|explore|capture|test|know|address)\\b",
    ),
    (
        "lack lacked lacks lacking",
        r"\black(?:ed|s|ing)?\s+(?:of\s+)?(?:\w+\s+){0,2}(?:data|information|control|"
        r"randomi[sz]ation|follow-up|blinding|power|validation|details|records|measures?|"
        r"diversity|comparison|comparators?|long-term|outcomes?)\b",
    ),
    (
        "missing incomplete unavailable",
        "\\b(?:missing|incomplete|unavailable)\\s+(?:data|information|values|records)\\b",
    ),
    ("data information", "\\bno\\s+(?:data|information)\\s+(?:on|about|regarding|were|was)\\b"),
    (
        "follow-up follow",
        "\\b(?:short|limited|insufficient|relatively\\s+short)\\s+(?:duration\\s+of\\s+)?follow[- ]up\\b",
    ),
    (
        "follow-up follow",
        "\\bfollow[- ]up\\s+(?:period\\s+)?(?:was|is)\\s+(?:relatively\\s+)?(?:short|limited)\\b",
    ),
    (
        "warranted needed required necessary essential",
        "\\b(?:further|future|additional|larger|more|prospective|longer|well-designed|randomi[sz]ed)\\s+(?:\\w+\\s+){0,3}(?:studies|study|research|trials?|investigations?|experiments|work|validation|analyses|follow-up|evaluation|data)\\s+(?:\\w+\\s+){0,2}(?:is|are|will\\s+be|would\\s+be|should|must|may\\s+be)?\\s*(?:warranted|needed|required|necessary|essential)\\b",
    ),
    (
        "warranted needed required necessary",
        "\\b(?:further|future|additional|larger|prospective)\\b[^.;]{0,120}\\b(?:are|is|be|remain)\\s+(?:still\\s+|also\\s+|therefore\\s+)?(?:warranted|needed|required|necessary)\\b",
    ),
    (
        "warrant warrants require requires need needs",
        "\\b(?:warrant|warrants|require|requires|need|needs)\\s+(?:further|additional|future|more|larger)\\s+(?:\\w+\\s+){0,2}(?:studies|study|research|investigations?|validation|confirmation|evaluation|exploration)\\b",
    ),
    (
        "caution cautious cautiously",
        "\\bshould\\s+be\\s+(?:interpreted|viewed|considered|taken)\\s+with\\s+caution\\b|\\b(?:with|requires?|warrants?)\\s+caution\\b|\\bcautious(?:ly)?\\b",
    ),
    (
        "interpret interpreted interpretation",
        "\\binterpret(?:ed|ation)?\\s+(?:\\w+\\s+){0,3}(?:with\\s+caution|cautiously)\\b",
    ),
    (
        "caus*",
        "\\b(?:causal|causality|cause-and-effect)\\b.{0,60}\\b(?:cannot|can\\s*not|not\\s+be|unable|impossible|preclude)|\\b(?:cannot|can\\s*not|unable\\s+to|not\\s+(?:possible|able)\\s+to)\\b.{0,40}\\b(?:causal|causality)\\b|\\bnot\\s+(?:imply|establish|prove|infer)\\s+(?:a\\s+)?caus",
    ),
    (
        "preclude precluded precludes hamper hampers hampered confounded underestimat* overestimat*",
        r"\bpreclude[sd]?\b|\bhamper(?:s|ed)?\b|\bconfounded\b|"
        r"\b(?:may|might|could|likely|possibly|probably)\s+(?:\w+\s+){0,3}(?:under|over)estimat",
    ),
    (
        "self-report self-reported recall",
        "\\bself-report(?:ed)?\\b|\\brecall\\b(?=.{0,40}\\b(?:bias|error|accuracy)\\b)",
    ),
    (
        "only",
        "\\bonly\\s+(?:\\w+\\s+){0,4}(?:were|was)\\s+(?:analy[sz]ed|included|examined|studied|assessed|evaluated|measured|investigated|tested|used|enrolled|available)\\b",
    ),
    (
        "only",
        "\\b(?:were|was)\\s+only\\s+(?:\\w+\\s+)?(?:analy[sz]ed|included|examined|studied|assessed|evaluated|measured|investigated|tested|used|available|collected)\\b",
    ),
    ("only", r"\bonly\s+(?:a\s+)?(?:small|few|limited|single)\b"),
    (
        "biased influenced affected underestimated overestimated missed led resulted introduced limited confounded",
        "\\b(?:may|might|could)\\s+(?:not\\s+)?(?:have\\s+)?(?:been\\s+)?(?:biased|influenced|affected|underestimated|overestimated|missed|led\\s+to|resulted\\s+in|introduced|limited|confounded)\\b",
    ),
    (
        "reflect represent apply capture account extrapolate translate allow permit rule",
        "\\b(?:may|might|could|does|do|did)\\s+not\\s+(?:be\\s+)?(?:\\w+ly\\s+){0,2}(?:reflect|represent|apply|capture|account|extrapolate|translate|allow|permit|rule)\\b",
    ),
    (
        "representative nonrepresentative non-representative",
        "\\bnot\\s+(?:\\w+\\s+)?representative\\b|\\bnon-?representative\\b",
    ),
    (
        "heterogeneity heterogeneous",
        "\\b(?:heterogene(?:ity|ous))\\b(?=.{0,60}\\b(?:may|might|could|limit|inevitabl|bias)\\b)",
    ),
    (
        "caveat caveats shortcoming shortcomings weakness weaknesses drawback drawbacks",
        "\\bcaveats?\\b|\\bshortcomings?\\b|\\bweakness(?:es)?\\b|\\bdrawbacks?\\b",
    ),
    (
        "future investigated explored examined studied validated confirmed assessed evaluated addressed clarified elucidated",
        "\\bin\\s+(?:the\\s+)?future\\b.{0,80}\\b(?:should|need|needed|required|warranted|important)\\b|\\b(?:should|need\\s+to|needs\\s+to|must)\\s+be\\s+(?:further\\s+)?(?:investigated|explored|examined|studied|validated|confirmed|assessed|evaluated|addressed|clarified|elucidated)\\b",
    ),
    # "remains unclear" alone is a gap in the field (background); it limits this study only
    # when it is about these results.
    (
        "unknown unclear uncertain",
        r"\b(?:unknown|unclear|uncertain)\s+(?:whether|if|how|to\s+what\s+extent)\s+(?:\w+\s+)?"
        r"(?:these|our|the\s+present|the\s+current|this\s+study's)\s+(?:\w+\s+)?(?:results|"
        r"findings|data|observations|estimates)\b",
    ),
    (
        "equivalent comparable accurate reliable valid complete precise",
        r"\b(?:may|might)\s+not\s+(?:\w+ly\s+)?be\s+(?:fully\s+|entirely\s+)?(?:equivalent|comparable|"
        r"accurate|reliable|valid|complete|precise)\b",
    ),
    (
        "randomized randomised blinded prospective controlled nonrandomized nonrandomised non-randomized non-randomised open-label",
        "\\b(?:not|no)\\s+(?:a\\s+)?(?:\\w+ly\\s+)?(?:randomi[sz]ed|blinded|prospective|controlled)\\b|\\bnon-?randomi[sz]ed\\b|\\bopen-label\\b(?=.{0,40}\\bbias)",
    ),
    (
        "rare small few",
        "\\b(?:rare\\s+disease|small\\s+numbers?|few\\s+(?:patients|cases|subjects|participants|events))\\b",
    ),
    ("failed", "\\bfailed\\s+to\\s+(?:show|detect|reach|demonstrate|identify)\\b"),
    (
        "inevitable unavoidable inevitably",
        "\\b(?:is|are|was|were)\\s+(?:not\\s+)?(?:inevitable|unavoidable)\\b|\\binevitabl[ey]\\b",
    ),
    (
        "limitation limitations",
        r"\blimitations?\s+of\s+(?:the|this|our)\s+\w+\s+(?:is|are|was|were|include)\b",
    ),
    (
        "generali*",
        r"\b(?:cannot|can\s*not|could\s+not|may\s+not|might\s+not|not)\s+(?:\w+\s+)?(?:be\s+)?generali[sz]",
    ),
    (
        "limits limit",
        r"\blimits?\s+the\s+(?:accuracy|generali[sz]ability|interpretation|validity|conclusions?|"
        r"applicability|power|ability|precision|strength|scope)\b",
    ),
    ("able", r"\b(?:is|are|was|were)\s+(?:also\s+)?not\s+able\s+to\b"),
    (
        "only",
        r"\b(?:we|study|analysis|trial|researchers|authors|investigators)\s+(?:\w+\s+)?"
        r"(?:investigated|studied|examined|included|analy[sz]ed|evaluated|assessed|enrolled|"
        r"measured|recruited|tested)\s+only\b",
    ),
    (
        "difficult hard impossible",
        r"\b(?:difficult|hard|impossible)\s+to\s+(?:distinguish|differentiate|determine|assess|interpret|relate|generali[sz]e|compare|"
        r"separate|know|draw|establish|rule|exclude|evaluate|measure|ascertain)\b",
    ),
    (
        "power sample",
        r"\b(?:not|less|lack(?:ed|s)?|without)\s+(?:have\s+)?(?:as\s+much|enough|sufficient|"
        r"adequate)\s+(?:statistical\s+)?power\b|\b(?:power|sample\s+size)\b[^.;]{0,40}\b"
        r"(?:insufficient|inadequate|too\s+small|limited)\b",
    ),
    (
        "future further additional",
        r"\b(?:future|further|additional)\s+(?:\w+\s+)?(?:studies|study|research|work|trials|"
        r"investigations?)\s+(?:may|should|could|might|will\s+(?:need|have\s+to)|would\s+need|"
        r"need|must)\b",
    ),
    (
        "certainty certain sure",
        r"\bno\s+certainty\b|\b(?:cannot|can\s*not|could\s+not|not)\s+be\s+(?:\w+\s+)?"
        r"(?:certain|sure)\b",
    ),
    (
        "warranted needed required necessary",
        r"\b(?:studies|study|trials?|research|investigations?)\b[^.;]{0,80}\b(?:are|is|be|remain)\s+"
        r"(?:still\s+|also\s+|therefore\s+)?(?:warranted|needed|required|necessary)\b",
    ),
    (
        "should could would might",
        r"\b(?:should|could|would|might)\s+(?:ideally\s+)?have\s+(?:been\s+)?(?:\w+\s+)?(?:more|"
        r"better|larger|longer|included|assessed|measured|collected|considered|evaluated|used|"
        r"performed|extended|helpful|useful|preferable|ideal)\b",
    ),
    (
        "too",
        r"\b(?:sample|study|trial|cohort|numbers?|groups?|population|follow-up)\b[^.;]{0,30}"
        r"\btoo\s+(?:small|few|short|low)\b",
    ),
    (
        "only",
        r"\bwe\s+(?:\w+\s+)?only\s+(?:recorded|included|analy[sz]ed|studied|examined|assessed|"
        r"evaluated|enrolled|measured|recruited|tested|used|collected|considered|investigated|"
        r"selected|had)\b",
    ),
    (
        "less",
        r"\b(?:may|might|could)\s+(?:\w+\s+)?(?:be|have\s+been)\s+less\s+(?:\w+\s+)?(?:reliable|"
        r"accurate|precise|valid|sensitive|specific|representative)\b",
    ),
    (
        "enough",
        r"\bnot\s+enough\s+(?:cases?|patients|data|samples|subjects|participants|events|power|"
        r"information|time)\b",
    ),
    (
        "prevented prevents",
        r"\bprevent(?:ed|s)\s+(?:us\s+from\s+)?(?:\w+\s+)?(?:analys[ie]s|sub-?analys[ie]s|"
        r"comparisons?|assessment|evaluation|analy[sz]ing|assessing|evaluating|comparing)\b",
    ),
    ("generali*", r"\b(?:not|cannot|difficult|unable|caution)\b[^.;]{0,30}\bgenerali[sz]"),
    (
        "complete feasible controlled standardized standardised validated blinded",
        r"\b(?:was|were|is|are)\s+not\s+(?:\w+ly\s+)?(?:complete|feasible|controlled|"
        r"standardi[sz]ed|validated|blinded)\b",
    ),
    (
        "assume assumed assumes assumption assumptions",
        r"\b(?:we|our|analys[ie]s|models?)\s+(?:\w+\s+){0,2}(?:assumed?|assumes|assumptions?)\b",
    ),
    ("confound*", r"\b(?:may|might|could)\s+(?:\w+\s+){0,2}confound"),
    (
        "sample cohort population number",
        r"\b(?:sample|cohort|study\s+population|number\s+of\s+(?:patients|participants|cases|"
        r"subjects|events))\s+(?:size\s+)?(?:was|is|were)\s+(?:relatively\s+|very\s+|too\s+|"
        r"rather\s+)?(?:small|limited|modest|low)\b",
    ),
]
_CUES = [re.compile(cue) for _, cue in _CUE_TABLE]
# Inverted index: gate word -> cues it opens; stems are few and checked as substrings.
_CUES_BY_WORD: dict[str, list[int]] = {}
_CUES_BY_STEM: dict[str, list[int]] = {}
for _index, (_gate, _) in enumerate(_CUE_TABLE):
    for _word in _gate.split():
        if _word.endswith("*"):
            _CUES_BY_STEM.setdefault(_word[:-1], []).append(_index)
        else:
            _CUES_BY_WORD.setdefault(_word, []).append(_index)
# Gate words are letters and hyphens, so a run of those in the sentence is a word to look up.
_WORD = re.compile(r"[a-z\-]+")
_GATE_WORDS = frozenset(_CUES_BY_WORD)


def has_strong_cue(lowered: str) -> bool:
    """True when the lower-cased sentence holds one of the cues (see the module docstring)."""
    opened: set[int] = set()
    for word in _GATE_WORDS.intersection(_WORD.findall(lowered)):  # the set operation runs in C
        opened.update(_CUES_BY_WORD[word])
    for stem, indexes in _CUES_BY_STEM.items():
        if stem in lowered:
            opened.update(indexes)
    return any(_CUES[index].search(lowered) for index in sorted(opened))
