"""The job store's revisions, oldest first (0001 is the table as `create_all` made it)."""
