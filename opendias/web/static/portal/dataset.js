// dataset page (to be written)
