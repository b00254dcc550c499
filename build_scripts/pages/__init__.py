"""Write the Markdown pages, in every language, from the derived tables (see `pipeline`).

`writer` holds the Jinja environment and writes each page; the view modules (`home`,
`lsg`, `services`, `indicators`, `programmes`, `reporting`, `opendata`) turn what `derive`
computed into each page's context and compute nothing themselves; `markup` holds the
filters that escape data text; `lookups` the rows every view reads, indexed once."""

from build_scripts.pages.writer import PageWriter, environment, run

__all__ = ["PageWriter", "environment", "run"]
