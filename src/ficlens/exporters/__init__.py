"""Exporters: read a finished Story and write it out. They never change it."""
