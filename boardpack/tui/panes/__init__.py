"""The parts of the pack screen, one module each; how they talk to the screen is in
``boardpack.tui``'s docstring."""
