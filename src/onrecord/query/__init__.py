"""Read-side API shared by the CLI, the web and exports."""
