"""Scorers for LitBank and other annotated corpora."""
