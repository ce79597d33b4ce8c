"""Stradom: steer a local government by its development strategy."""

__version__ = "0.1.0"
