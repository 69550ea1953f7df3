"""The app's screens: the packs list, one pack's workspace, and the keys."""
