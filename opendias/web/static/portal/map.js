// map page (to be written)
