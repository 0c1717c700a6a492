"""What is done to the virtual animal: engine, protocols, cohorts, store, CLI."""
