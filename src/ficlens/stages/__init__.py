"""One module per job. Each defines ``STAGE``, a :class:`ficlens.pipeline.Stage`."""
