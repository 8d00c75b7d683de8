## catalog
