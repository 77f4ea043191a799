"""Carrying a congress between the superior's server and an offline hall laptop: the congress
kit (server → hall) and the signed result package (hall → server)."""
