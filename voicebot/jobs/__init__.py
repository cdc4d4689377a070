"""RQ jobs: dialing, answer processing, the officers' case queue, and the scheduler tick.

Each job takes ids only; everything it needs is loaded in the worker process once."""
