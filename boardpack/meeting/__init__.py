"""What is made from a meeting's record: the minutes as AST, matters arising, the register.

Pure functions of loaded packs: nothing here reads files or renders.
"""
