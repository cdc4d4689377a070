"""Campaigns: a round of calls from an office's household list to its last household.

sources/rows/importer read the lists offices have; policy says when a campaign may call
and what happens after each kind of unfinished call; control starts, pauses and counts;
texts writes the message that announces the call."""
