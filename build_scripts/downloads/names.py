"""The file names of the downloads under site/data/, shared by the pages (links), the
metadata that describes them and the writer."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Files:
    """File names under site/data/, shared by the pages (links) and the writer."""

    package: str
    version: str

    DATAPACKAGE = "datapackage.json"
    CSVW = "csv-metadata.json"
    DCAT = "catalog.jsonld"
    SUMS = "SHA256SUMS"

    @staticmethod
    def csv(resource: str) -> str:
        return f"{resource}.csv"

    @staticmethod
    def xlsx(resource: str) -> str:
        return f"{resource}.xlsx"

    @staticmethod
    def json(resource: str) -> str:
        return f"{resource}.json"

    @property
    def workbook(self) -> str:
        return f"{self.package}-{self.version}.xlsx"

    def release_zip(self, version: str | None = None) -> str:
        return f"releases/{self.package}-{version or self.version}.zip"

    def validation_report(self, version: str | None = None) -> str:
        return f"releases/{self.package}-{version or self.version}.validation.json"

    def lsg_workbook(self, slug: str) -> str:
        return f"lsg/{slug}-{self.version}.xlsx"

    def lsg_zip(self, slug: str) -> str:
        return f"lsg/{slug}-{self.version}.zip"

    @classmethod
    def of(cls, descriptor: dict) -> Files:
        return cls(descriptor["name"], descriptor["version"])
