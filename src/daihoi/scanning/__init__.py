"""Paper ballots in the web app: printing them from the election page, uploading scans of a
batch (stored at once, read in the background by daihoi.scanning.jobs), the counting board's
review of what the reader was unsure of, and a scanned batch becoming one of the batch's two
entries (the other is keyed by a different person)."""
