"""The clerk's terminal app (Textual): the only part of boardpack that imports Textual."""
