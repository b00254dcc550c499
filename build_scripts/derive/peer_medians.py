"""What an LSG is compared with: the median of a figure among the LSGs of its district and
among all LSGs of Serbia, for every column of a frame of per-LSG figures at once (the
pages stage once computed these per LSG, which made it quadratic)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class PeerMedians:
    """Medians of each column of a per-LSG frame: `district` has one row per district
    code, `national` one value per column."""

    district: pd.DataFrame
    national: pd.Series

    def of_district(self, district_code: object) -> list[float]:
        """The district's median of every column, in column order."""
        return [float(v) for v in self.district.loc[district_code]]

    def of_serbia(self) -> list[float]:
        return [float(v) for v in self.national]


def peer_medians(figures: pd.DataFrame, district_of: pd.Series) -> PeerMedians:
    """Medians of `figures` (indexed by LSG code, one column per figure) per district
    (`district_of`: LSG code -> district code) and over all its rows."""
    districts = district_of.reindex(figures.index)
    return PeerMedians(
        district=figures.groupby(districts.to_numpy()).median(),
        national=figures.median(),
    )
