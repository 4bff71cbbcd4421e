// jobs page (to be written)
