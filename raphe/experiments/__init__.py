"""What is done to the virtual animal: config models, the engine, the protocol skeleton and
protocols, cohorts, sweeps and the ``raphe`` command line (results go through :mod:`raphe.io`)."""
