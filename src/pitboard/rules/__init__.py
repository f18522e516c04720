"""Pure rules of the sport: model in, model out. Imports only `pitboard.model`."""

from pitboard.rules.classify import classify

__all__ = ["classify"]
