"""OncoBrief: faithful, attributed briefs from oncology news."""

__version__ = "0.1.0"
