// find page (to be written)
