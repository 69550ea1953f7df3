"""The council's public record as a static site, made from the packs' issued public editions.

Only ``PACK/issued/<n>/public/`` is ever read: never a build folder, never the
members' editions.
"""
