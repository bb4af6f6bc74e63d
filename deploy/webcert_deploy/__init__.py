"""The two ways to run one code base (DESIGN.md "Two ways to run"): ``embedded`` (make run)
and ``distributed`` (make up). Only the wiring lives here; the services' code is the same."""
