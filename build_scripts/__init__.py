"""Build scripts for the open-data site on local social protection in Serbia."""
