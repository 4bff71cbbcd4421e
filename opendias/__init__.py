"""opendias: an open, self-hostable Copernicus data and processing service."""

__version__ = "0.1.0"
