"""The MkDocs layer: the docs tree and theme overrides MkDocs builds from (`docs`,
`overrides`), the MkDocs run with its page cache (`run`, `page_cache`), then what is done
to its output (`postbuild`, `search`). Its place in the build: `pipeline`."""
