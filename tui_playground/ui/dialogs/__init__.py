"""Modal dialogs: the base dialog, value and seed editors, file dialogs, help."""
