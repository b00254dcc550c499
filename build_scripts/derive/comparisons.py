"""Comparisons: how an LSG's figures compare with others' and with its own
first year, and how its services are funded. The pages turn these words into sentences
("more than the district's median", "up since 2019"); they compare nothing themselves."""

from __future__ import annotations

import pandas as pd

FUNDING_SOURCES = ("lsg", "earmarked", "donor")  # funding_<source>_rsd -> share_<source>


def compared(value: float, other: float) -> str:
    """'more', 'less' or 'same': `value` against `other`."""
    return "more" if value > other else ("less" if value < other else "same")


def trend(first: float, last: float) -> str:
    """'up', 'down' or 'same' from `first` to `last`."""
    return "up" if last > first else ("down" if last < first else "same")


def with_comparisons(facts: pd.DataFrame) -> pd.DataFrame:
    """`lsg_key_facts` with the comparisons its sentences state: the LSG's services
    against the median of its district, of Serbia and of comparable LSGs (vs_district,
    vs_national, vs_comparable: 'more', 'less', 'same'; None without comparable LSGs) and
    its beneficiaries from the first year to the latest (users_trend: 'up', 'down', 'same')."""
    out = facts.copy()
    services = out["services"].astype(int)
    for column, median in (
        ("vs_district", "district_median"),
        ("vs_national", "national_median"),
        ("vs_comparable", "comparable_median"),
    ):
        out[column] = [
            None if pd.isna(m) else compared(s, float(m))
            for s, m in zip(services, out[median], strict=True)
        ]
    out["users_trend"] = [
        trend(int(a), int(b)) for a, b in zip(out["first_users"], out["users"], strict=True)
    ]
    return out


def with_indicator_trends(latest: pd.DataFrame) -> pd.DataFrame:
    """`rank_indicators` with each value's trend since the first year: 'flat' without a
    first value or when equal, else 'up' or 'down'."""
    out = latest.copy()
    out["trend"] = [
        "flat"
        if pd.isna(first) or (not pd.isna(value) and value == first)
        else ("up" if value > first else "down")
        for first, value in zip(out["first_value"], out["value"], strict=True)
    ]
    return out


def funding_shares(services: pd.DataFrame) -> pd.DataFrame:
    """Per service row (same index): the share of its funding from each source
    (share_lsg, share_earmarked, share_donor), missing where the total is 0."""
    total = services["funding_total_rsd"]
    shares = pd.DataFrame(index=services.index)
    for source in FUNDING_SOURCES:
        part = services[f"funding_{source}_rsd"]
        shares[f"share_{source}"] = [
            None if pd.isna(t) or not t else float(p) / float(t)
            for p, t in zip(part, total, strict=True)
        ]
    return shares
