"""The pack folder: loading and validating it into the model, editing it, its history,
its issues, the packs beside it, and watching it for changes."""
