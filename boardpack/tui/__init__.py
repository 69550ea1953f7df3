"""The clerk's terminal app (Textual): the only package that imports Textual.

- ``app``: ``BoardpackApp``, ``make_app``, ``run``; keeps each pack's Typst compiler.
- ``commands``: every action named once (key, binding id, palette title, footer label).
- ``screens/``: ``packs`` (the first screen), ``pack`` (one pack's workspace), ``help``.
- ``panes/``: the parts of the pack screen, one module each: ``agenda`` (the left
  column) and one per tab: ``item``, ``preview``, ``minutes``, ``inbox``, ``check``,
  ``build``.
- ``messages``: what a pane posts up to its screen (``Change``, ``Ask``, ``Job``).
- ``forms`` (modal forms), ``widgets`` (``ProblemTable``), ``guard`` (a bug in a
  handler is shown, never fatal).

The pack screen and its panes: data down, messages up.

- After every reload the screen hands each pane what to show (``show(...)``).
- A key, a button (``commands.screen_action``) or the palette runs a screen action
  (``commands.PACK``); an action that belongs to a tab asks its pane, e.g.
  ``action_attach_file`` calls ``ItemPane.attach``.
- The pane does its part (a picker, a form, which files) and posts a message:
  ``Change`` (a core call to make, what to say, which item to select after), ``Ask``
  (a form whose Save makes a ``Change``), ``Job`` (slow work for a worker, and what to
  show when it ends), or one of its own (``AgendaPane.ItemHighlighted``,
  ``ItemPane.FileChosen``, ``BuildPane.Built`` ...).
- The screen makes every change through its ``attempt`` and reads the pack again,
  runs every job in its workers and handles their failures in one place
  (``on_worker_state_changed``). A pane never imports a screen.

To add a tab: a module in ``panes/`` with a ``TabPane`` subclass (``compose``, ``show``
and the flows it owns, posting the messages above); its commands in
``commands.PACK``; in ``screens/pack.py`` a ``yield`` in ``compose``, a ``show`` call
in ``_reload`` or ``_show_item``, and a one-line action per command.
"""
