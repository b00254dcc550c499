"""The MkDocs layer: the page cache plugged into MkDocs (`page_cache`), the work done on the
built HTML (`postbuild`) and the Pagefind search index over it (`search`)."""
