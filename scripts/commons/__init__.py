"""Knowledge Commons: a git-native automation for a community's living handbook."""

__version__ = "0.1.0"
