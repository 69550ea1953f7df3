"""Issuing a pack: both editions frozen under ``issued/<n>/`` with a manifest, supplements
for late papers, and encryption of the members' PDF."""
