"""The demo: a replayed history of dossiers for the demo organisation (`history`), loaded by `motcua demo`.

The top layer: it drives every app's real services (dossiers, payments, feedback, …) and nothing imports it but
the demo command, the benchmark's data generator and tests."""
