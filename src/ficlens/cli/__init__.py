"""The command line: one module per command, each parsing strings and calling
one library function. ``main`` turns library errors into one-line messages."""
