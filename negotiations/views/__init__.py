"""The record pages (actors, issues, meetings, home, sources); features keep their own views."""
